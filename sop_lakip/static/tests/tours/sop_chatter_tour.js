import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";

// An auditor reads a run's chatter; it offers him nothing to add.
registry.category("web_tour.tours").add("sop_lakip_auditor_chatter_tour", {
    steps: () => patient([
        {
            content: "The run and its chatter are shown",
            trigger: ".o-mail-Chatter-topbar:has(.o-mail-Followers)",
        },
        {
            content: "No message, note, activity or follow button",
            trigger: ".o-mail-Chatter-topbar:not(:has(.o-mail-Chatter-sendMessage)):not(:has(.o-mail-Chatter-logNote)):not(:has(.o-mail-Chatter-activity)):not(:has(.o-mail-Chatter-follow))",
        },
        {
            content: "and no file upload",
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Chatter-fileUploader))",
        },
    ]),
});

// The same run's chatter still lets staff write.
registry.category("web_tour.tours").add("sop_lakip_staff_chatter_tour", {
    steps: () => patient([
        {
            content: "Staff can send a message, schedule an activity and follow the run",
            trigger: ".o-mail-Chatter-topbar:has(.o-mail-Chatter-sendMessage):has(.o-mail-Chatter-activity):has(.o-mail-Chatter-follow)",
        },
    ]),
});
