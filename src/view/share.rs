//! "Share": the link to what is on screen (scenario, step, lesson) and an
//! iframe snippet for a course page, with the editor, the knobs or the
//! event log hidden if the instructor wants. Part of the teaching module,
//! shown in the lesson column.

use yew::prelude::*;

/// What an instructor may hide in the embedded view.
pub const HIDABLE: [(&str, &str); 3] = [
    ("editor", "the editor"),
    ("knobs", "the knobs"),
    ("log", "the event log"),
];

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// Makes the link to what is on screen, with these query parameters
    /// added (`embed`, `hide=...`).
    pub make_link: Callback<Vec<String>, String>,
    /// The scenario's or lesson's title, for the iframe's `title`.
    pub title: String,
    /// Save the run's time series as CSV.
    pub on_series: Callback<()>,
    /// Save each chart of the page as SVG.
    pub on_charts: Callback<()>,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The share panel.
#[component]
pub fn Share(props: &ShareProps) -> Html {
    let hidden = use_state(|| [false; HIDABLE.len()]);
    let link = props.make_link.emit(Vec::new());
    let hide: Vec<&str> = HIDABLE
        .iter()
        .zip(hidden.iter())
        .filter(|(_, h)| **h)
        .map(|((id, _), _)| *id)
        .collect();
    let embed_link = props
        .make_link
        .emit(vec!["embed".to_string(), format!("hide={}", hide.join(","))]);
    let title = props.title.replace('"', "'");
    let base = embed_link
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_end_matches("index.html");
    let src = embed_link.replace('&', "&amp;");
    let snippet = format!(
        "<iframe src=\"{src}\" title=\"dirtybit: {title}\" width=\"100%\" height=\"700\" style=\"border:0\" loading=\"lazy\"></iframe>\n\
         <!-- Sizes the frame to its content (dirtybit posts its height): -->\n\
         <script src=\"{base}embed-resize.js\" defer></script>"
    );
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="lesson share" id="share" aria-labelledby="share-title">
            <p class="lesson-kicker">{ "Share" }</p>
            <h2 id="share-title">{ "Share or embed this" }</h2>
            <div class="share-body">
                <label class="share-field">{ "Link to this moment (scenario, step, lesson)" }
                    <input id="share-link" type="text" readonly=true value={link} />
                </label>
                <fieldset class="share-hide">
                    <legend>{ "In the embedded view, hide" }</legend>
                    { for HIDABLE.iter().enumerate().map(|(i, (id, label))| {
                        let checked = hidden[i];
                        let hidden = hidden.clone();
                        let onchange = Callback::from(move |e: Event| {
                            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                            let mut h = *hidden;
                            h[i] = input.checked();
                            hidden.set(h);
                        });
                        html! {
                            <label><input type="checkbox" id={format!("share-hide-{id}")} checked={checked} {onchange} />{ format!(" {label}") }</label>
                        }
                    }) }
                </fieldset>
                <label class="share-field">{ "For a course page (paste into its HTML)" }
                    <textarea id="share-snippet" readonly=true rows="5" value={snippet} />
                </label>
            </div>
            <fieldset class="share-hide">
                <legend>{ "Save what is on screen" }</legend>
                <button type="button" id="export-series" onclick={props.on_series.reform(|_: MouseEvent| ())}>{ "Time series (CSV)" }</button>
                <button type="button" id="export-charts" onclick={props.on_charts.reform(|_: MouseEvent| ())}>{ "Charts (SVG)" }</button>
            </fieldset>
            <div class="lesson-nav">
                <button type="button" id="share-close" onclick={close}>{ "Close" }</button>
            </div>
        </section>
    }
}
