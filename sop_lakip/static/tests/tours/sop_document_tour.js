import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";
import { giveReason, openWaitingSops } from "@sop_lakip/../tests/tours/open_app_steps";

// The Sekretaris finds the SOPs waiting for him, initials one and rejects the other.
registry.category("web_tour.tours").add("sop_lakip_secretary_tour", {
    url: "/odoo",
    steps: () => patient([
        ...openWaitingSops(),
        {
            content: "Open the first SOP",
            trigger: ".o_data_row td:contains('SOP Tour A')",
            run: "click",
        },
        {
            content: "Its steps are listed with their actor",
            trigger: ".o_field_one2many[name='step_ids'] .o_data_row td:contains('Kasubag Penyusunan Program')",
        },
        {
            content: "Initial it (paraf)",
            trigger: "button[name='action_verify']",
            run: "click",
        },
        {
            content: "It is verified",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Verified')",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the second SOP",
            trigger: ".o_data_row td:contains('SOP Tour B')",
            run: "click",
        },
        {
            content: "Reject it",
            trigger: ".o_form_view button[name='action_reject']:not(:disabled)",
            run: "click",
        },
        ...giveReason("Dasar hukum belum lengkap"),
        {
            content: "It is back to draft with the reason shown",
            trigger: ".o_form_view .alert-warning:contains('Dasar hukum belum lengkap')",
        },
        {
            content: "Statusbar shows Draft",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Draft')",
        },
    ]),
});
