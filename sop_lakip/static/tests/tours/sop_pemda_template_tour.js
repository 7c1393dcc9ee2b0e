import { registry } from "@web/core/registry";
import { pressStatButton } from "@sop_lakip/../tests/tours/open_app_steps";
import { patient } from "@sop_lakip/../tests/tours/patient";

// Boalemo's Bagian Organisasi publishes an approved SOP of Dinas Sosial PMD as a template of
// the pemda, from the SOP register.
registry.category("web_tour.tours").add("sop_lakip_pemda_template_tour", {
    url: "/odoo/action-sop_lakip.sop_document_action",
    steps: () => patient([
        {
            content: "Open Dinas Sosial's Penyusunan LAKIP in force (its next revision is a draft)",
            trigger: ".o_data_row:contains('Penyusunan Laporan Akuntabilitas'):contains('Approved') td.o_data_cell:contains('Penyusunan Laporan Akuntabilitas')",
            run: "click",
        },
        {
            content: "Publish it as a template of the pemda",
            trigger: ".o_form_view button[name='action_publish_template']",
            run: "click",
        },
        {
            content: "The dialog names the pemda",
            trigger: ".modal .o_field_widget[name='pemda_id']:contains('Boalemo')",
        },
        {
            content: "Publish",
            trigger: ".modal button[name='action_publish']",
            run: "click",
        },
        {
            content: "The template opens, its revision 0 for the pemda",
            trigger: ".o_form_view .o_field_widget[name='company_id']:contains('Boalemo')",
        },
        {
            content: "No agency adopted it yet",
            trigger: ".o_form_view .o_notebook a:contains('Adopted By')",
            run: "click",
        },
        {
            content: "The list of adopters is empty",
            trigger: ".o_field_widget[name='adoption_ids'] .o_list_table:not(:has(.o_data_row))",
        },
    ]),
});

// Bappeda's Kasubag makes his agency's draft from the pemda's template.
registry.category("web_tour.tours").add("sop_lakip_pemda_template_adopt_tour", {
    url: "/odoo/action-sop_lakip.sop_template_action",
    steps: () => patient([
        {
            content: "The pemda's template is among the templates",
            trigger: ".o_data_row:contains('Penyusunan Laporan Akuntabilitas') td:contains('Boalemo')",
        },
        {
            content: "Use it",
            trigger: ".o_data_row:contains('Penyusunan Laporan Akuntabilitas') button[name='action_use_template']",
            run: "click",
        },
        {
            content: "The draft opens, saying which template it comes from",
            trigger: ".o_form_view .o_field_widget[name='template_id']:contains('Penyusunan Laporan Akuntabilitas')",
        },
    ]),
});

// The coordinator finds Bappeda's adoption on the coordination dashboard and opens its SOPs.
registry.category("web_tour.tours").add("sop_lakip_pemda_template_dashboard_tour", {
    url: "/odoo/action-sop_lakip.sop_coordination_action",
    steps: () => patient([
        {
            content: "Bappeda's row (Badan Perencanaan) counts its two SOPs made from the pemda's templates",
            trigger: ".o_list_view .o_data_row:contains('Badan Perencanaan') td[name='template_adopted']:contains('2')",
        },
        {
            content: "Open Bappeda's row",
            trigger: ".o_data_row:contains('Badan Perencanaan') td.o_data_cell[name='company_id']",
            run: "click",
        },
        ...pressStatButton("action_open_adoptions", "Open its SOPs made from pemda templates"),
        {
            content: "The SOP adopted a moment ago is among them",
            trigger: ".o_list_view .o_data_row:contains('Penyusunan Laporan Akuntabilitas')",
        },
        {
            content: "And the demo's adoption",
            trigger: ".o_list_view .o_data_row:contains('Pengumpulan Data Kinerja')",
        },
    ]),
});
