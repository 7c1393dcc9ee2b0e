import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";
import { openSopApp, pressFormButton } from "@sop_lakip/../tests/tours/open_app_steps";

// Open the reviu "Reviu LAKIP 2024" from the activity systray, where ``activity`` waits.
function fromSystray(activity) {
    return [
        {
            content: "Open the activity systray",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "Open the LAKIP reviews waiting for me",
            trigger: ".o-mail-ActivityGroup:contains('LAKIP Reviu')",
            run: "click",
        },
        {
            content: "Open the reviu of the LAKIP 2024",
            trigger: ".o_data_row td.o_data_cell:contains('Reviu LAKIP 2024')",
            run: "click",
        },
        {
            content: `The reviu shows my activity ${activity}`,
            trigger: `.o-mail-Activity:contains('${activity}')`,
        },
    ];
}

// The checklist's row ``index`` (1 = the first item).
const checklistRow = (index) =>
    `.o_field_widget[name='line_ids'] .o_data_row:nth-child(${index})`;

// Answer the checklist's first item ``answer`` ("yes"/"no") with ``note``.
function answerFirstItem(answer, note) {
    const row = checklistRow(1);
    return [
        {
            content: "Select the first item of the checklist",
            trigger: `${row} td.o_data_cell[name='name']`,
            run: "click",
        },
        {
            content: `Answer it ${answer}`,
            trigger: `${row}.o_selected_row .o_field_widget[name='answer'] input[data-value='${answer}']:enabled`,
            run: "click",
        },
        {
            content: "Say why in its notes",
            trigger: `${row}.o_selected_row .o_field_widget[name='note'] textarea`,
            run: `edit ${note}`,
        },
    ];
}

// The reviewer opens his Reviu LAKIP from the systray, answers the first item Tidak with a
// note, writes the findings and returns the reviu to the Kasubag.
registry.category("web_tour.tours").add("lakip_reviu_return_tour", {
    url: "/odoo",
    steps: () => patient([
        ...fromSystray("Reviu LAKIP"),
        ...answerFirstItem("no", "Ikhtisar eksekutif belum memuat kendala"),
        {
            content: "Open the findings",
            trigger: ".o_notebook .nav-link:contains('Findings')",
            run: "click",
        },
        {
            content: "Write the findings",
            trigger: ".o_field_widget[name='findings'] textarea",
            run: "edit Lengkapi kendala dan upaya pada ikhtisar eksekutif.",
        },
        ...pressFormButton("action_return", "Return it with the findings"),
        {
            content: "It is returned",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Returned')",
        },
        {
            content: "My Reviu LAKIP is done: the chatter says who returned it",
            trigger: ".o-mail-Message:contains('Returned with findings by')",
        },
    ]),
});

// The Kasubag finds Fix Reviu Findings in his systray and, once corrected, asks again.
registry.category("web_tour.tours").add("lakip_reviu_fix_tour", {
    url: "/odoo",
    steps: () => patient([
        ...fromSystray("Fix Reviu Findings"),
        {
            content: "The activity tells the findings",
            trigger: ".o-mail-Activity:contains('Lengkapi kendala dan upaya')",
        },
        ...pressFormButton("action_request_again", "Ask for the reviu again"),
        {
            content: "It is in review again",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In Review')",
        },
    ]),
});

// The reviewer opens the reviu from the menu, answers the first item Ya and issues the
// Pernyataan Telah Direviu.
registry.category("web_tour.tours").add("lakip_reviu_issue_tour", {
    url: "/odoo",
    steps: () => patient([
        ...openSopApp(),
        {
            content: "Open the LAKIP menu",
            trigger: "[data-menu-xmlid='sop_lakip.menu_lakip']",
            run: "click",
        },
        {
            content: "Open the reviews",
            trigger: "a[data-menu-xmlid='sop_lakip.menu_lakip_reviu']",
            run: "click",
        },
        {
            content: "Open the reviu of the LAKIP 2024",
            trigger: ".o_data_row td.o_data_cell:contains('Reviu LAKIP 2024')",
            run: "click",
        },
        ...answerFirstItem("yes", "Sudah dilengkapi"),
        ...pressFormButton("action_issue", "Issue the statement"),
        {
            content: "It is reviewed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Reviewed')",
        },
        {
            content: "The statement can be printed",
            trigger: ".o_statusbar_buttons button[name='action_print']",
        },
    ]),
});
