// Each step of the addon's tours waits on its condition for up to 30 s (Odoo's default is
// 10 s): on a busy 2-core machine a form can take longer than that to load, and a step
// that waits on a condition costs nothing more when the page is quick.
export const STEP_TIMEOUT = 30000;

/** ``steps``, each given STEP_TIMEOUT unless it sets its own. */
export function patient(steps) {
    return steps.map((step) => ({ timeout: STEP_TIMEOUT, ...step }));
}
