import { registry } from "@web/core/registry";
import { patient } from "@sop_lakip/../tests/tours/patient";
import { giveReason } from "@sop_lakip/../tests/tours/open_app_steps";

const TIMELINE = ".o_field_one2many[name='workitem_ids'] .o_data_row";

/** The reason of a No on the LAKIP draft's check: the run logs it and loops back to the draft. */
function answerNoWithReason(reason) {
    return [
        ...giveReason(reason),
        {
            content: "The reason is in the timeline",
            trigger: `${TIMELINE}:contains('${reason}')`,
        },
        {
            content: "The run loops back to the draft step",
            trigger: `${TIMELINE}:last:contains('Membuat draft LAKIP'):contains('To Do')`,
        },
    ];
}

// A Staf finds his step in the activity systray and marks it done.
registry.category("web_tour.tours").add("sop_lakip_staff_step_tour", {
    url: "/odoo",
    steps: () => patient([
        {
            content: "Open the activity systray",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: "Open the SOP runs waiting for me",
            trigger: ".o-mail-ActivityGroup:contains('SOP Run')",
            run: "click",
        },
        {
            content: "Open the run",
            trigger: ".o_data_row td.o_data_cell:contains('Tour LAKIP')",
            run: "click",
        },
        {
            content: "Mark my step's activity done",
            trigger: ".o-mail-Activity:contains('Membuat draft LAKIP') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Write feedback",
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit Draft LAKIP sudah dibuat",
        },
        {
            content: "Done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "My step is logged done and the next step is planned for its actor",
            trigger: ".o-mail-Message:contains('Draft LAKIP sudah dibuat')",
        },
        {
            content: "The next step is planned",
            trigger: ".o-mail-Activity:contains('3. Memeriksa draft LAKIP')",
        },
    ]),
});

// The Kepala Dinas answers a decision with No and a reason: the run loops back.
registry.category("web_tour.tours").add("sop_lakip_head_decision_tour", {
    url: "/odoo/action-sop_lakip.sop_instance_action",
    steps: () => patient([
        {
            content: "Open the run",
            trigger: ".o_kanban_record:contains('Tour LAKIP')",
            run: "click",
        },
        {
            content: "Answer No on the decision",
            trigger: ".o_field_one2many[name='workitem_ids'] .o_data_row:contains('Memeriksa draft LAKIP') button[name='action_no']",
            run: "click",
        },
        ...answerNoWithReason("Target kinerja belum sesuai Renstra"),
    ]),
});

// Marking a step's activity done in the chatter refreshes the run's form.
registry.category("web_tour.tours").add("sop_lakip_chatter_step_done_tour", {
    steps: () => patient([
        {
            content: "The first step is open in the timeline",
            trigger: ".o_field_one2many[name='workitem_ids'] .o_data_row:contains('Menerima disposisi'):contains('To Do')",
        },
        {
            content: "A step's activity offers no Cancel and no Edit",
            trigger: ".o-mail-Activity:contains('Menerima disposisi'):not(:has(.o-mail-Activity-edit)):not(:has(.btn-danger))",
        },
        {
            content: "Mark the step's activity done in the chatter",
            trigger: ".o-mail-Activity:contains('Menerima disposisi') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "Only Done is offered: the next step is scheduled by the SOP",
            trigger: ".o-mail-ActivityMarkAsDone:not(:has(button[aria-label='Done and Schedule Next']))",
        },
        {
            content: "Done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "The timeline shows the step done",
            trigger: ".o_field_one2many[name='workitem_ids'] .o_data_row:contains('Menerima disposisi'):contains('Done'):not(:has(button[name='action_done']))",
        },
        {
            content: "and the next step open, without reloading the page",
            trigger: ".o_field_one2many[name='workitem_ids'] .o_data_row:contains('Membuat draft LAKIP'):contains('To Do')",
        },
        {
            content: "The progress moved on",
            trigger: ".o_field_widget[name='progress']:contains('25')",
        },
    ]),
});

// A decision's activity asks Yes or No in the chatter; No asks for the reason.
registry.category("web_tour.tours").add("sop_lakip_chatter_decision_tour", {
    steps: () => patient([
        {
            content: "The decision's activity asks Yes or No, not Mark Done",
            trigger: ".o-mail-Activity:contains('Memeriksa draft LAKIP'):has(.o-sop-Activity-yes):not(:has(.o-mail-Activity-markDone))",
        },
        {
            content: "Answer No",
            trigger: ".o-mail-Activity:contains('Memeriksa draft LAKIP') .o-sop-Activity-no",
            run: "click",
        },
        ...answerNoWithReason("Lampiran kurang lengkap"),
        {
            content: "The chatter logs the answer with its reason",
            trigger: ".o-mail-Message:contains('No. Reason: Lampiran kurang lengkap')",
        },
    ]),
});

// An Indonesian Sekretaris answers Yes on the decision's activity: the run logs it in Indonesian.
registry.category("web_tour.tours").add("sop_lakip_chatter_yes_tour", {
    steps: () => patient([
        {
            content: "Answer Yes on the decision's activity",
            trigger: ".o-mail-Activity:contains('Memeriksa draft LAKIP') .o-sop-Activity-yes",
            run: "click",
        },
        {
            content: "The chatter logs the answer in Indonesian",
            trigger: ".o-mail-Message:contains('selesai'):contains('Langkah 3 (Memeriksa draft LAKIP dan memaraf): Ya')",
        },
    ]),
});

// On a wide screen the run's timeline keeps the width its steps' names need: the chatter
// goes below it, not beside it, and no name breaks inside a word.
registry.category("web_tour.tours").add("sop_lakip_wide_timeline_tour", {
    steps: () => patient([
        {
            content: "The run's timeline is shown",
            trigger: ".o_field_widget[name=workitem_ids] tbody td[name=name]",
        },
        {
            content: "The chatter is below the timeline",
            trigger: ".o_form_sheet .o-mail-Form-chatter",
        },
        {
            content: "The step column is wide enough for its words",
            trigger: ".o_field_widget[name=workitem_ids] thead th[data-name=name]",
            run() {
                const width = this.anchor.getBoundingClientRect().width;
                if (width < 150) {
                    throw new Error(`the step column is ${width}px wide`);
                }
                // A word broken over two lines has two boxes.
                for (const cell of document.querySelectorAll(
                    ".o_field_widget[name=workitem_ids] tbody td[name=name]"
                )) {
                    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        for (const match of node.textContent.matchAll(/\S+/g)) {
                            const range = document.createRange();
                            range.setStart(node, match.index);
                            range.setEnd(node, match.index + match[0].length);
                            if (range.getClientRects().length > 1) {
                                throw new Error(`"${match[0]}" breaks inside the word`);
                            }
                        }
                    }
                }
            },
        },
    ]),
});
