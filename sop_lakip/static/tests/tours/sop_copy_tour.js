import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";
import { openSopApp, openSopMenu } from "@sop_lakip/../tests/tours/open_app_steps";

// A Kasubag starts his agency's Penyusunan LAKIP from the template shipped with the addon.
registry.category("web_tour.tours").add("sop_lakip_template_tour", {
    url: "/odoo",
    steps: () => patient([
        ...openSopApp(),
        openSopMenu(),
        {
            content: "Open the SOP templates",
            trigger: "a[data-menu-xmlid='sop_lakip.menu_sop_template']",
            run: "click",
        },
        {
            content: "Use the Penyusunan LAKIP template",
            trigger: ".o_data_row:contains('Penyusunan LAKIP (4 actors, 11 steps)') button[name='action_use_template']",
            run: "click",
        },
        {
            content: "It says the draft is made, with the agency's own roles",
            trigger: ".o_notification:contains('roles are the agency')",
        },
        {
            content: "The draft opens, saying where it comes from",
            trigger: ".o_form_view .o_field_widget[name='template_id']:contains('Penyusunan LAKIP')",
        },
        {
            content: "Its eleven steps are there",
            trigger: ".o_field_one2many[name='step_ids'] .o_data_row:nth-child(11)",
        },
        {
            content: "Give it the agency's number",
            trigger: ".o_field_widget[name='number'] input",
            run: "edit 000.8.3.3/7/SEKRE/2025",
        },
        {
            content: "Submit it for paraf",
            trigger: "button[name='action_submit']",
            run: "click",
        },
        {
            content: "It is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ]),
});
