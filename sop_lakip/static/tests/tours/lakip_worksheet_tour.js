import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";

// The Kasubag sends the year's worksheets to every Bidang.
registry.category("web_tour.tours").add("lakip_send_worksheets_tour", {
    url: "/odoo/action-sop_lakip.lakip_report_action",
    steps: () => patient([
        {
            content: "Open the LAKIP of the year",
            trigger: ".o_data_row td.o_data_cell:contains('2024')",
            run: "click",
        },
        {
            content: "Send the worksheets",
            trigger: ".o_form_view button[name='action_send_worksheets']",
            run: "click",
        },
        {
            content: "The report now collects data",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Data Collection')",
        },
        {
            content: "Each Bidang's worksheet is sent",
            trigger: ".o_field_one2many[name='worksheet_ids'] .o_data_row:contains('Bidang PMD'):contains('Sent')",
        },
    ]),
});

// A Kepala Bidang finds his unit's worksheet, returns it and verifies it.
registry.category("web_tour.tours").add("lakip_kabid_verify_tour", {
    url: "/odoo/action-sop_lakip.lakip_worksheet_action",
    steps: () => patient([
        {
            content: "Open the filters",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Show only my unit's worksheets",
            trigger: ".o_filter_menu .o_menu_item:contains('My Unit')",
            run: "click",
        },
        {
            content: "Only my unit is listed",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Bidang Sosial'))) .o_data_row:contains('Bidang PMD')",
        },
        {
            content: "Open my unit's worksheet",
            trigger: ".o_data_row:contains('Bidang PMD') td.o_data_cell",
            run: "click",
        },
        {
            content: "Return it as filled",
            trigger: ".o_form_view button[name='action_mark_filled']",
            run: "click",
        },
        {
            content: "Verify it",
            trigger: ".o_form_view button[name='action_verify']",
            run: "click",
        },
        {
            content: "It is verified",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Verified')",
        },
    ]),
});
