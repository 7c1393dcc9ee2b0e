import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";

// The Kasubag evaluates an SOP from its monitoring line: the new evaluation names the line
// by SOP and period, never as "sop.monitoring.line,<id>", and saves.
registry.category("web_tour.tours").add("sop_evaluation_from_monitoring_tour", {
    steps: () => patient([
        {
            content: "The monitoring's line of the SOP is listed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Penyusunan LAKIP')",
        },
        {
            content: "Evaluate it",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Penyusunan LAKIP') button[name='action_evaluate']",
            run: "click",
        },
        {
            content: "The evaluation names its monitoring line by SOP and period",
            trigger: ".o_form_view .o_field_widget[name='monitoring_line_id']:contains('Penyusunan LAKIP – SOP Monitoring Semester II 2024')",
        },
        {
            content: "No technical name anywhere on the form",
            trigger: ".o_form_view:not(:contains('sop.monitoring.line,'))",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ]),
});
