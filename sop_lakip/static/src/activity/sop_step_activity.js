import { Activity } from "@mail/core/web/activity";
import { ActivityListPopoverItem } from "@mail/core/web/activity_list_popover_item";
import { user } from "@web/core/user";
import { patch } from "@web/core/utils/patch";

/**
 * Activities of SOP run steps follow the run: a decision is answered Yes or No (the
 * addon's wizard asks the reason of a No), a step is never cancelled from the chatter,
 * and the run's form reloads after any of them so its timeline and progress are current.
 */
function answerDecision(env, activity, answer) {
    // As the timeline's buttons do: Yes completes the step, No opens the reason wizard.
    return new Promise((resolve, reject) =>
        env.services.action
            .doActionButton({
                type: "object",
                name: answer === "yes" ? "action_yes" : "action_no",
                resModel: "sop.workitem",
                resId: activity.sop_workitem_id,
                // the user's language and agencies: without them the run logs in English
                context: user.context,
                onClose: resolve,
            })
            .catch(reject)
    );
}

patch(Activity.prototype, {
    get isSopStep() {
        return Boolean(this.props.activity.sop_workitem_id);
    },

    async onClickMarkAsDone(ev) {
        if (!this.isSopStep) {
            return super.onClickMarkAsDone(ev);
        }
        if (this.markDonePopover.isOpen) {
            this.markDonePopover.close();
            return;
        }
        this.markDonePopover.open(ev.currentTarget, {
            activity: this.props.activity,
            hasHeader: true,
            onActivityChanged: (thread) => this.onSopStepChanged(thread),
        });
    },

    async onClickSopAnswer(answer) {
        const thread = this.thread;
        await answerDecision(this.env, this.props.activity, answer);
        await this.onSopStepChanged(thread);
    },

    async onSopStepChanged(thread) {
        this.props.onActivityChanged(thread);
        await this.props.reloadParentView();
    },
});

patch(ActivityListPopoverItem.prototype, {
    get hasCancelButton() {
        return !this.props.activity.sop_workitem_id && super.hasCancelButton;
    },

    get hasEditButton() {
        return !this.props.activity.sop_workitem_id && super.hasEditButton;
    },

    get hasMarkDoneButton() {
        return !this.props.activity.sop_decision && super.hasMarkDoneButton;
    },

    async onClickSopAnswer(answer) {
        await answerDecision(this.env, this.props.activity, answer);
        this.props.onActivityChanged?.();
    },
});
