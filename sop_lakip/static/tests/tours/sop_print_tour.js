import { registry } from "@web/core/registry";
import { catchDownload, checkDownload } from "@sop_lakip/../tests/tours/open_app_steps";
import { patient } from "@sop_lakip/../tests/tours/patient";

// The Kasubag prints the form of one SOP of the register: the PDF downloads, as before.
// Then he selects all of them, more than are printed in the request (the test sets the
// count), and prints their forms: he is told they print in the background, and sees the job.
registry.category("web_tour.tours").add("sop_lakip_print_tour", {
    url: "/odoo/action-sop_lakip.sop_document_action",
    steps: () => patient([
        {
            content: "The register lists the SOPs",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Select one",
            trigger: ".o_list_view .o_data_row:first .o_list_record_selector input",
            run: "click",
        },
        catchDownload(".o_control_panel .o_cp_action_menus button:has(.fa-print)", "pdf", "pdf"),
        {
            content: "Open the Print menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print its SOP form",
            trigger: ".o-dropdown--menu .o_menu_item:contains('SOP Form')",
            run: "click",
        },
        checkDownload("pdf", "The form downloads as a PDF, printed in the request"),
        {
            content: "Select them all",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Print menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Print their SOP forms",
            trigger: ".o-dropdown--menu .o_menu_item:contains('SOP Form')",
            run: "click",
        },
        {
            content: "He is told they print in the background",
            trigger: ".o_notification:contains('Printing in the background')",
        },
        {
            content: "The job opens",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Queued')",
        },
    ]),
});
