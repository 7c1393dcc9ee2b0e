// Steps shared by the addon's tours (no tour utils here: their
// import path differs between Odoo 18 and 19).

/** Open the SOP & LAKIP app from the home menu. */
export function openSopApp() {
    return [
        {
            content: "Open the apps menu",
            isActive: ["auto", "community", "desktop"],
            trigger: ".o_navbar_apps_menu button:enabled",
            run: "click",
        },
        {
            content: "Open the SOP & LAKIP app",
            trigger: ".o_app[data-menu-xmlid='sop_lakip.menu_sop_lakip_root']",
            run: "click",
        },
    ];
}

/** Open the SOP menu of the app (register, approvals, runs, templates, import). */
export function openSopMenu() {
    return {
        content: "Open the SOP menu",
        trigger: "[data-menu-xmlid='sop_lakip.menu_sop']",
        run: "click",
    };
}

/** Open the SOPs waiting for the user's approval, from the home menu. */
export function openWaitingSops() {
    return [
        ...openSopApp(),
        openSopMenu(),
        {
            content: "Open the SOPs waiting for my approval",
            trigger: "a[data-menu-xmlid='sop_lakip.menu_sop_document_waiting']",
            run: "click",
        },
    ];
}

/**
 * Press the form's header button ``name``. On a phone Odoo keeps the header buttons out
 * of the form: 18.0 lists them in the cog menu of the control panel, 19.0 shows the first
 * one and the others under "More"; on a wide screen they are in the header.
 */
export function pressFormButton(name, content) {
    const inHeader = `.o_statusbar_buttons button[name='${name}']`;
    return [
        {
            content: `On a phone, open the menu that holds ${name} if the header does not show it`,
            isActive: ["mobile"],
            trigger: `${inHeader}, .o_control_panel .o_cp_action_menus button, .o_statusbar_buttons button[title='More']`,
            run(helpers) {
                const shown = document.querySelector(inHeader);
                if (shown && shown.offsetParent !== null) {
                    return;
                }
                return helpers.click();
            },
        },
        {
            content,
            trigger: `button[name='${name}']:visible`,
            run: "click",
        },
    ];
}

/**
 * Press the form's smart button ``name``. The button box shows as many buttons as the
 * screen holds and the others under "More" (both versions).
 */
export function pressStatButton(name, content) {
    const shown = `.o-form-buttonbox button[name='${name}']`;
    return [
        {
            content: `Open "More" of the button box if it holds ${name}`,
            trigger: `.o_form_view ${shown}, .o_form_view .o-form-buttonbox .o_button_more`,
            run(helpers) {
                if (document.querySelector(`.o_form_view ${shown}`)) {
                    return;
                }
                return helpers.click();
            },
        },
        {
            content,
            trigger: `button[name='${name}']:visible`,
            run: "click",
        },
    ];
}

/** Type ``reason`` in the dialog that asks why (a decision answered No, a rejection) and confirm. */
export function giveReason(reason) {
    return [
        {
            content: "Give the reason",
            trigger: ".modal div[name='reason'] textarea",
            run: `edit ${reason}`,
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
    ];
}

/** Open the record ``record`` of ``group`` in the activity systray. */
export function fromSystray(group, record) {
    return [
        {
            content: "Open the activity systray",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            content: `Open the ${group} waiting for me`,
            trigger: `.o-mail-ActivityGroup:contains('${group}')`,
            run: "click",
        },
        {
            content: `Open ${record}`,
            trigger: `.o_data_row td.o_data_cell:contains('${record}')`,
            run: "click",
        },
    ];
}

/**
 * Once ``trigger`` is there, catch the next file the web client downloads: it is fetched
 * here instead of saved, and ``body[data-sop-download]`` says ``kind`` if the answer is a
 * success whose type holds ``type``, else its status and type (``checkDownload`` reads it).
 */
export function catchDownload(trigger, type, kind) {
    return {
        content: "Catch the file the browser is about to download",
        trigger,
        run: () => {
            const { download } = odoo.loader.modules.get("@web/core/network/download");
            const original = download._download;
            download._download = async (options) => {
                download._download = original;
                const data = new FormData();
                for (const [key, value] of Object.entries(options.data)) {
                    data.append(key, value);
                }
                data.append("csrf_token", odoo.csrf_token);
                const response = await fetch(options.url, { method: "POST", body: data });
                const answer = response.headers.get("Content-Type") || "";
                document.body.dataset.sopDownload =
                    response.ok && answer.includes(type) ? kind : `${response.status} ${answer}`;
            };
        },
    };
}

/** The file caught by ``catchDownload`` was a ``kind``. */
export function checkDownload(kind, content) {
    return {
        content,
        trigger: "body[data-sop-download]",
        run: () => {
            const result = document.body.dataset.sopDownload;
            if (result !== kind) {
                throw new Error(`${content}: not downloaded (${result})`);
            }
        },
    };
}
