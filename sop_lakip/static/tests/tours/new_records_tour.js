import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";

function menu(xmlid) {
    return {
        content: `Open the menu ${xmlid}`,
        trigger: `[data-menu-xmlid='sop_lakip.${xmlid}']`,
        run: "click",
    };
}

function clickNew() {
    return {
        content: "Click New",
        trigger: ".o_control_panel_main_buttons .o_list_button_add, .o_control_panel_main_buttons .o-kanban-button-new",
        run: "click",
    };
}

function pick(selector, text) {
    return [
        {
            content: `Type ${text}`,
            trigger: `${selector} input`,
            run: `edit ${text}`,
        },
        {
            content: `Choose ${text}`,
            trigger: `.ui-menu-item a:contains('${text}')`,
            run: "click",
        },
    ];
}

// A selection field in an editable list: a <select> on Odoo 18.0, a SelectMenu (a toggler
// opening a menu of items) on 19.0; both steps work on either.
function choose(field, label) {
    return [
        {
            content: `Open the choices of ${field}`,
            trigger: `${field} select, ${field} .o_select_menu_toggler`,
            run(helpers) {
                if (this.anchor.tagName !== "SELECT") {
                    return helpers.click();
                }
            },
        },
        {
            content: `Choose ${label}`,
            trigger: `${field} select, .o_select_menu_item:contains('${label}')`,
            run(helpers) {
                return this.anchor.tagName === "SELECT"
                    ? helpers.selectByLabel(label)
                    : helpers.click();
            },
        },
    ];
}

function save(title) {
    return [
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: `${title} is saved`,
            trigger: `.o_breadcrumb .active:contains('${title}')`,
        },
        {
            content: "Nothing left to save",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ];
}

function step(index, name, role, symbol) {
    const row = `.o_field_widget[name='step_ids'] .o_data_row:nth-child(${index})`;
    return [
        {
            content: `Add step ${index}`,
            trigger: ".o_field_widget[name='step_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: `Describe step ${index}`,
            trigger: `${row}.o_selected_row .o_field_widget[name='name'] textarea`,
            run: `edit ${name}`,
        },
        ...pick(`${row}.o_selected_row .o_field_widget[name='role_id']`, role),
        ...choose(`${row}.o_selected_row .o_field_widget[name='symbol']`, symbol),
    ];
}

// The Kasubag clicks New and saves an SOP whose decision goes to steps typed in the same
// unsaved form, then a run of an approved SOP, a LAKIP and a letter.
registry.category("web_tour.tours").add("sop_lakip_new_records_tour", {
    url: "/odoo/action-sop_lakip.sop_document_action",
    steps: () => patient([
        clickNew(),
        {
            content: "Name the SOP",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit SOP Tour Baru",
        },
        {
            content: "Number it",
            trigger: ".o_form_view .o_field_widget[name='number'] input",
            run: "edit 460/TOUR/SOP/1/2025",
        },
        {
            content: "The unit is the Kasubag's own",
            trigger: ".o_field_widget[name='department_id'] input:value(Sub Bagian Penyusunan Program)",
        },
        {
            content: "Open the actor columns",
            trigger: ".o_notebook a.nav-link:contains('Actor Columns')",
            run: "click",
        },
        {
            content: "Add a column",
            trigger: ".o_field_widget[name='column_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick(".o_field_widget[name='column_ids'] .o_selected_row .o_field_widget[name='role_ids']", "Kasubag Penyusunan Program"),
        {
            content: "Add a second column",
            trigger: ".o_field_widget[name='column_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...pick(".o_field_widget[name='column_ids'] .o_data_row:nth-child(2).o_selected_row .o_field_widget[name='role_ids']", "Staf"),
        {
            content: "Open the steps",
            trigger: ".o_notebook a.nav-link:contains('Steps')",
            run: "click",
        },
        ...step(1, "Menerima surat", "Kasubag Penyusunan Program", "Start"),
        ...step(2, "Memeriksa kelengkapan surat", "Kasubag Penyusunan Program", "Decision"),
        {
            content: "Yes goes to step 3, not saved yet",
            trigger: ".o_data_row:nth-child(2).o_selected_row .o_field_widget[name='yes_number'] input",
            run: "edit 3",
        },
        {
            content: "No goes back to step 1",
            trigger: ".o_data_row:nth-child(2).o_selected_row .o_field_widget[name='no_number'] input",
            run: "edit 1",
        },
        ...step(3, "Mengarsipkan surat", "Staf", "End"),
        {
            content: "Leave the last step",
            trigger: ".o_form_view .o_field_widget[name='number'] input",
            run: "click",
        },
        ...[1, 2, 3].map((index) => ({
            content: `Step ${index} is numbered before any save`,
            trigger: `.o_field_widget[name='step_ids'] .o_data_row:nth-child(${index}):not(.o_selected_row) td[name='number']:contains(${index})`,
        })),
        {
            content: "The decision shows where it goes, before any save",
            trigger: ".o_field_widget[name='step_ids'] .o_data_row:nth-child(2) td[name='flow_display']:contains('Yes: 3 · No: 1')",
        },
        ...save("SOP Tour Baru"),
        {
            content: "The decision still goes to steps 3 and 1 once saved",
            trigger: ".o_field_widget[name='step_ids'] .o_data_row:nth-child(2) td[name='flow_display']:contains('Yes: 3 · No: 1')",
        },
        {
            content: "It is a draft",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Draft')",
        },

        menu("menu_sop"),
        menu("menu_sop_instance"),
        clickNew(),
        {
            content: "Name the run",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Run Tour Baru",
        },
        ...pick(".o_form_view .o_field_widget[name='document_id']", "Penyusunan LAKIP"),
        {
            content: "Open the role holders",
            trigger: ".o_notebook a.nav-link:contains('Role Holders')",
            run: "click",
        },
        {
            content: "Its role holders are listed",
            trigger: ".o_field_widget[name='holder_ids'] .o_data_row td:contains('Kasubag Penyusunan Program')",
        },
        ...save("Run Tour Baru"),
        {
            content: "The run is a draft",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Draft')",
        },

        menu("menu_lakip"),
        menu("menu_lakip_report"),
        clickNew(),
        {
            content: "Report on 2025",
            trigger: ".o_form_view .o_field_widget[name='year'] input",
            run: "edit 2025",
        },
        ...save("2025"),
        {
            content: "The LAKIP is in preparation",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Preparation')",
        },

        menu("menu_sop_letter"),
        clickNew(),
        {
            content: "Subject of the letter",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Surat Tour Baru",
        },
        ...pick(".o_form_view .o_field_widget[name='kind_id']", "Surat Pengantar"),
        {
            content: "Address it",
            trigger: ".o_form_view .o_field_widget[name='recipients'] textarea",
            run: "edit Kepala BAPPEDA",
        },
        {
            content: "Add a document sent",
            trigger: ".o_field_widget[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the document",
            trigger: ".o_field_widget[name='line_ids'] .o_selected_row .o_field_widget[name='name'] textarea",
            run: "edit Dokumen LAKIP 2025",
        },
        ...save("Draft: Surat Tour Baru"),
        {
            content: "The letter is a draft without number",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Draft')",
        },
    ]),
});
