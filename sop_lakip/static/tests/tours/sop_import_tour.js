import { registry } from "@web/core/registry";
import { session } from "@web/session";
import { user } from "@web/core/user";

// The Kasubag downloads the empty template, imports the filled file (prepared by the
// test as /web/content/sop_lakip.tour_sop_xlsx) and submits the draft it becomes.
registry.category("web_tour.tours").add("sop_lakip_import_tour", {
    url: "/odoo/action-sop_lakip.sop_document_action",
    steps: () => [
        {
            content: "Open Import from Excel from the register",
            trigger: ".o_list_view .o_control_panel button:contains('Import from Excel')",
            run: "click",
        },
        {
            content: "Download the template of the agency",
            trigger: ".modal button[name='action_download_template']",
            run: "click",
        },
        {
            content: "The template is the agency's Excel file",
            trigger: ".modal button[name='action_import']",
            run: async () => {
                // The session names the current company on 18.0, the user on 19.0.
                const company = session.user_companies?.current_company ?? user.activeCompany.id;
                const url = `/report/xlsx/sop_lakip.sop_template_xlsx/${company}`;
                const response = await fetch(url);
                const type = response.headers.get("Content-Type") || "";
                if (!response.ok || !type.includes("spreadsheetml")) {
                    throw new Error(`The template did not download: ${response.status} ${type}`);
                }
            },
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
    ],
});
