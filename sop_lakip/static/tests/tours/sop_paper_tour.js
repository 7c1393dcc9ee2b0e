import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";
import { openSopApp, openWaitingSops } from "@sop_lakip/../tests/tours/open_app_steps";

// The Kasubag checks the paper SOP he typed against the signed copy and submits it.
registry.category("web_tour.tours").add("sop_lakip_paper_kasubag_tour", {
    url: "/odoo",
    steps: () => patient([
        ...openSopApp(),
        {
            content: "Open the SOP typed from paper",
            trigger: ".o_data_row td:contains('SOP Kertas Tur')",
            run: "click",
        },
        {
            content: "It is marked signed on paper",
            trigger: ".o_field_widget[name='paper_signed'] input:checked",
        },
        {
            content: "Open the printed approval",
            trigger: ".o_notebook a[name='paper']",
            run: "click",
        },
        {
            content: "The scan is attached",
            trigger: ".o_field_widget[name='paper_scan_name'] input:value(sop_ditandatangani.pdf)",
        },
        {
            content: "Correct the signatory's rank as printed",
            trigger: ".o_field_widget[name='paper_approver_rank'] input",
            run: "edit Pembina Utama Madya - IV/d",
        },
        {
            content: "Submit it for registration",
            trigger: "button[name='action_submit_registration']",
            run: "click",
        },
        {
            content: "It waits for the Sekretaris",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ]),
});

// The Sekretaris finds it waiting, compares it with the scan and confirms it.
registry.category("web_tour.tours").add("sop_lakip_paper_secretary_tour", {
    url: "/odoo",
    steps: () => patient([
        ...openWaitingSops(),
        {
            content: "Open the SOP signed on paper",
            trigger: ".o_data_row td:contains('SOP Kertas Tur')",
            run: "click",
        },
        {
            content: "No paraf for an SOP signed on paper",
            trigger: ".o_form_view:not(:has(button[name='action_verify']))",
        },
        {
            content: "Confirm its registration",
            trigger: "button[name='action_confirm_registration']",
            run: "click",
        },
        {
            content: "It is in force, registered from paper",
            trigger: ".o_form_view .alert-info:contains('Registered from the SOP signed on paper')",
        },
        {
            content: "By me",
            trigger: ".o_field_widget[name='registered_by_id']:contains('sop_secretary')",
        },
        {
            content: "With the signatory as printed",
            trigger: ".o_field_widget[name='approver_rank']:contains('Pembina Utama Madya - IV/d')",
        },
    ]),
});
