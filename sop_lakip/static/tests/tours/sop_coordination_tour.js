import { registry } from "@web/core/registry";
import { fromSystray, pressFormButton } from "@sop_lakip/../tests/tours/open_app_steps";
import { patient } from "@sop_lakip/../tests/tours/patient";

// The Bagian Organisasi of Boalemo opens the coordination dashboard: his pemda's agency
// only, and from its row the SOPs in force.
registry.category("web_tour.tours").add("sop_coordination_tour", {
    url: "/odoo/action-sop_lakip.sop_coordination_action",
    steps: () => patient([
        {
            content: "Boalemo's agency is on the dashboard",
            trigger: ".o_list_view .o_data_row:contains('Kabupaten Boalemo')",
        },
        {
            content: "No agency of another pemda: Boalemo's two rows only",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Bangka Tengah'))):not(:has(.o_data_row:contains('Balangan'))):not(:has(.o_data_row + .o_data_row + .o_data_row))",
        },
        {
            content: "Open the agency",
            trigger: ".o_data_row td.o_data_cell:contains('Dinas Sosial')",
            run: "click",
        },
        {
            content: "The agency's row opens",
            trigger: ".o_form_view .oe_title:contains('Kabupaten Boalemo')",
        },
        {
            content: "Open its SOPs in force",
            trigger: ".o_form_view button[name='action_open_sops']",
            run: "click",
        },
        {
            content: "Its approved SOPs are listed",
            trigger: ".o_list_view .o_data_row:contains('Pengumpulan Data Kinerja')",
        },
        {
            content: "Open one: the agency's SOP reads, read only",
            trigger: ".o_data_row td.o_data_cell:contains('Pengumpulan Data Kinerja')",
            run: "click",
        },
        {
            content: "Its steps are shown",
            trigger: ".o_form_view .o_field_widget[name='step_ids'] .o_data_row",
        },
    ]),
});

// The coordinator reminds Dinas Sosial, which has not prepared its last period's monitoring.
registry.category("web_tour.tours").add("sop_coordination_remind_tour", {
    url: "/odoo/action-sop_lakip.sop_coordination_action",
    steps: () => patient([
        {
            content: "Open Dinas Sosial's row: lagging, its monitoring missing",
            trigger: ".o_data_row:contains('Dinas Sosial'):contains('Missing') td.o_data_cell[name='company_id']",
            run: "click",
        },
        ...pressFormButton("action_remind", "Remind its Sekretaris"),
        {
            content: "The reminder is given",
            trigger: ".o_notification:contains('reminder(s) given to the Sekretaris')",
        },
    ]),
});

// Its Sekretaris finds the reminder in his systray, on his agency's row.
registry.category("web_tour.tours").add("sop_coordination_reminded_tour", {
    url: "/odoo",
    steps: () => patient([
        ...fromSystray("SOP Coordination", "Dinas Sosial"),
        {
            content: "The row shows the reminder and what is missing",
            trigger: ".o-mail-Activity:contains('SOP Coordination Reminder')",
        },
        {
            content: "His agency's row: Dinas Sosial",
            trigger: ".o_form_view .oe_title:contains('Dinas Sosial')",
        },
    ]),
});
