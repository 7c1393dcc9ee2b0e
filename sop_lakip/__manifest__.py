# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "SOP & LAKIP",
    "summary": "Standard Operating Procedures (Permenpan RB 35/2012) and LAKIP "
    "for Indonesian local-government agencies",
    "version": "18.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/sop-lakip/sop_lakip",
    "author": "sop_lakip contributors",
    "license": "LGPL-3",
    "depends": ["mail", "hr"],
    "data": [
        "security/sop_lakip_security.xml",
        "security/ir.model.access.csv",
        "data/mail_message_subtype_data.xml",
        "wizard/sop_document_reject_wizard_views.xml",
        "views/sop_document_views.xml",
        "views/sop_role_views.xml",
        "views/res_company_views.xml",
        "views/hr_employee_views.xml",
        "views/sop_lakip_menus.xml",
    ],
    "demo": [
        "demo/sop_lakip_demo_companies.xml",
        "demo/sop_penyusunan_lakip_boalemo_2024.xml",
        "demo/sop_pengumpulan_data_kinerja_boalemo_2024.xml",
        "demo/sop_persiapan_penyusunan_lakip_bangka_tengah_2024.xml",
        "demo/sop_penyusunan_lakip_balangan_2023.xml",
    ],
    "assets": {
        "web.assets_tests": ["sop_lakip/static/tests/tours/*.js"],
    },
    "application": True,
}
