import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";
import { fromSystray, pressFormButton } from "@sop_lakip/../tests/tours/open_app_steps";

// The Kasubag submits an SOP: it goes to the Sekretaris' inbox.
registry.category("web_tour.tours").add("sop_lakip_kasubag_submit_tour", {
    url: "/odoo/action-sop_lakip.sop_document_action",
    steps: () => patient([
        {
            content: "Show the SOPs as a list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the draft SOP",
            trigger: ".o_data_row td.o_data_cell:contains('SOP Tour Inbox')",
            run: "click",
        },
        {
            content: "Submit it",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "It is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ]),
});

// The Sekretaris finds the SOP in the systray and initials it (paraf).
registry.category("web_tour.tours").add("sop_lakip_secretary_systray_tour", {
    url: "/odoo",
    steps: () => patient([
        ...fromSystray("Standard Operating Procedure", "SOP Tour Inbox"),
        {
            content: "The SOP shows my activity",
            trigger: ".o-mail-Activity:contains('Initial SOP')",
        },
        {
            content: "Initial it (paraf)",
            trigger: ".o_form_view button[name='action_verify']",
            run: "click",
        },
        {
            content: "It is verified and my activity is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Verified')",
        },
        {
            content: "The feedback says who initialled it",
            trigger: ".o-mail-Message:contains('Verified (paraf) by')",
        },
    ]),
});

// The Kepala Dinas finds the SOP in the systray and approves it.
registry.category("web_tour.tours").add("sop_lakip_head_systray_tour", {
    url: "/odoo",
    steps: () => patient([
        ...fromSystray("Standard Operating Procedure", "SOP Tour Inbox"),
        {
            content: "The SOP shows my activity",
            trigger: ".o-mail-Activity:contains('Approve SOP')",
        },
        ...pressFormButton("action_approve", "Approve it"),
        {
            content: "It is approved: in force",
            trigger: ".o_form_view .ribbon:contains('Effective')",
        },
        {
            // On a phone (19.0) the chatter sits below the whole form; the test checks it.
            content: "The chatter says it is in force",
            isActive: ["desktop"],
            trigger: ".o-mail-Message:contains('in force from')",
        },
    ]),
});

// A Kepala Bidang finds his unit's worksheet in the systray.
registry.category("web_tour.tours").add("lakip_unit_systray_tour", {
    url: "/odoo",
    steps: () => patient([
        ...fromSystray("LAKIP Worksheet", "Bidang PMD"),
        {
            content: "The worksheet shows my activity",
            trigger: ".o-mail-Activity:contains('Fill Worksheet')",
        },
        {
            content: "Return it as filled",
            trigger: ".o_form_view button[name='action_mark_filled']",
            run: "click",
        },
        {
            content: "It is filled: my Kepala Bidang's verification is planned",
            trigger: ".o-mail-Activity:contains('Verify Worksheet')",
        },
    ]),
});
