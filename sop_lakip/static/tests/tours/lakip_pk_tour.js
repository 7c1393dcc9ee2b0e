import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";

// The Kasubag clicks New, types the year's Perjanjian Kinerja (second party, one
// programme with its budget) and saves it.
registry.category("web_tour.tours").add("lakip_pk_new_tour", {
    steps: () => patient([
        {
            content: "Click New",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "The year",
            trigger: ".o_field_widget[name='year'] input",
            run: "edit 2024",
        },
        {
            content: "The second party's name",
            trigger: ".o_field_widget[name='superior_name'] input",
            run: "edit Ir. Bupati Tur",
        },
        {
            content: "The second party's position",
            trigger: ".o_field_widget[name='superior_job_title'] input",
            run: "edit Bupati Uji",
        },
        {
            content: "Open the programmes",
            trigger: ".o_notebook a[name='programmes']",
            run: "click",
        },
        {
            content: "Add a programme",
            trigger: ".o_field_widget[name='program_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Its name",
            trigger: ".o_field_widget[name='program_ids'] .o_selected_row .o_field_widget[name='name'] input",
            run: "edit Program Tur Rehabilitasi",
        },
        {
            content: "Its budget",
            trigger: ".o_field_widget[name='program_ids'] .o_selected_row .o_field_widget[name='budget'] input",
            run: "edit 1250000",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, named after its year",
            trigger: ".o_breadcrumb .active:contains('2024')",
        },
        {
            content: "Nothing left to save",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ]),
});
