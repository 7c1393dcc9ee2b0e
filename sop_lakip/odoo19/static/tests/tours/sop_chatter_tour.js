import { registry } from "@web/core/registry";

// Odoo 19.0: Follow is an item of the followers' menu (sop_lakip/static/tests/tours/ for 18.0).
// An auditor reads a run's chatter; it offers him nothing to add.
registry.category("web_tour.tours").add("sop_lakip_auditor_chatter_tour", {
    steps: () => [
        {
            content: "The run and its chatter are shown",
            trigger: ".o-mail-Chatter-topbar:has(.o-mail-Followers)",
        },
        {
            content: "No message, note or activity button",
            trigger: ".o-mail-Chatter-topbar:not(:has(.o-mail-Chatter-sendMessage)):not(:has(.o-mail-Chatter-logNote)):not(:has(.o-mail-Chatter-activity))",
        },
        {
            content: "Open the followers' menu",
            trigger: ".o-mail-Followers-button",
            run: "click",
        },
        {
            content: "It offers no Follow",
            trigger: ".o-mail-Followers-dropdown:not(:has(.o-mail-FollowerList-followBtn))",
        },
        {
            content: "and no file upload",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Chatter-fileUploader))",
        },
    ],
});

// The same run's chatter still lets staff write.
registry.category("web_tour.tours").add("sop_lakip_staff_chatter_tour", {
    steps: () => [
        {
            content: "Staff can send a message and schedule an activity",
            trigger: ".o-mail-Chatter-topbar:has(.o-mail-Chatter-sendMessage):has(.o-mail-Chatter-activity)",
        },
        {
            content: "Open the followers' menu",
            trigger: ".o-mail-Followers-button",
            run: "click",
        },
        {
            content: "and follow the run from it",
            trigger: ".o-mail-Followers-dropdown .o-mail-FollowerList-followBtn",
        },
    ],
});
