import { registry } from "@web/core/registry";
import { catchDownload, checkDownload } from "@sop_lakip/../tests/tours/open_app_steps";
import { patient } from "@sop_lakip/../tests/tours/patient";

// The Kasubag downloads the empty template before choosing a file, is asked for the file
// when he imports none, imports the filled file (prepared by the test as
// /web/content/sop_lakip.tour_sop_xlsx) and submits the draft it becomes.
registry.category("web_tour.tours").add("sop_lakip_import_tour", {
    url: "/odoo/action-sop_lakip.sop_document_action",
    steps: () => patient([
        {
            content: "Open Import from Excel from the register",
            trigger: ".o_list_view .o_control_panel button:contains('Import from Excel')",
            run: "click",
        },
        catchDownload(".modal button[name='action_download_template']", "spreadsheetml", "xlsx"),
        {
            content: "Download the template of the agency, no file chosen yet",
            trigger: ".modal button[name='action_download_template']",
            run: "click",
        },
        checkDownload("xlsx", "The template is the agency's Excel file"),
        {
            content: "Import before choosing a file",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "Odoo asks for the file",
            trigger: ".o_error_dialog:contains('Choose the Excel file to import first.')",
        },
        {
            content: "Close the message",
            trigger: ".o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Upload the filled file",
            trigger: ".modal .o_field_widget[name='file'] .o_select_file_button",
            run: async () => {
                const response = await fetch("/web/content/sop_lakip.tour_sop_xlsx");
                const blob = await response.blob();
                const input = document.querySelector(".modal .o_field_widget[name='file'] input[type='file']");
                if (!response.ok || !input) {
                    throw new Error(`No file to upload: ${response.status}, input ${input}`);
                }
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "sop_renja.xlsx", { type: blob.type }));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is there",
            trigger: ".modal .o_field_widget[name='file'] .o_clear_file_button",
        },
        {
            content: "Import it",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "The draft SOP opens",
            trigger: ".o_breadcrumb:contains('Penyusunan Rencana Kerja')",
        },
        {
            content: "Its steps keep their numbers",
            trigger: ".o_field_one2many[name='step_ids'] .o_data_row:contains('Memeriksa draft Renja') td[name='number']:contains('5')",
        },
        {
            content: "Submit it",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "It is submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Submitted')",
        },
    ]),
});
