//! "Share": the link to what is on screen (scenario, step, lesson) and an
//! iframe snippet for a course page, with the editor, the knobs or the
//! event log hidden if the instructor wants. The link is made only while
//! the panel is open.

use yew::prelude::*;

/// What an instructor may hide in the embedded view.
pub const HIDABLE: [(&str, &str); 3] = [("editor", "the editor"), ("knobs", "the knobs"), ("log", "the event log")];

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// Makes the link to what is on screen, with these query parameters
    /// added (`embed`, `hide=...`).
    pub make_link: Callback<Vec<String>, String>,
    /// The scenario's or lesson's title, for the iframe's `title`.
    pub title: String,
}

/// The share panel, folded until opened.
#[component]
pub fn Share(props: &ShareProps) -> Html {
    let open = use_state(|| false);
    let hidden = use_state(|| [false; HIDABLE.len()]);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(details.open());
        })
    };
    let body = (*open).then(|| {
        let link = props.make_link.emit(Vec::new());
        let mut params = vec!["embed".to_string()];
        let hide: Vec<&str> = HIDABLE
            .iter()
            .zip(hidden.iter())
            .filter(|(_, h)| **h)
            .map(|((id, _), _)| *id)
            .collect();
        params.push(format!("hide={}", hide.join(",")));
        let embed_link = props.make_link.emit(params);
        let title = props.title.replace('"', "'");
        let snippet = format!(
            "<iframe src=\"{embed_link}\" title=\"dirtybit: {title}\" width=\"100%\" height=\"700\" style=\"border:0\" loading=\"lazy\"></iframe>\n\
             <!-- Sizes the frame to its content (dirtybit posts its height): -->\n\
             <script src=\"{}embed-resize.js\" defer></script>",
            embed_link.split('?').next().unwrap_or_default().trim_end_matches("index.html")
        );
        html! {
            <div class="share-body">
                <label class="share-field">{ "Link to this moment" }
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
                    <textarea id="share-snippet" readonly=true rows="4" value={snippet} />
                </label>
            </div>
        }
    });
    html! {
        <details class="share" id="share" ontoggle={on_toggle}>
            <summary>{ "Share or embed this" }</summary>
            { for body }
        </details>
    }
}
