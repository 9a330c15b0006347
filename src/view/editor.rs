//! Editing the scenario: every knob in the JSON editor (the presets are
//! picked at the top of the page); a message names the field and the allowed
//! range as you type, and nothing is applied (or lost) until the text is
//! valid and you apply it.

use dirtybit_sim::Scenario;
use yew::prelude::*;

use crate::model::Action;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The scenario in force, as pretty JSON.
    pub json: String,
    /// Where the user's requests go.
    pub on_action: Callback<Action>,
}

/// Indents compact JSON two spaces a level (a hand-written pass, so the page
/// carries one JSON serializer, not a second, pretty one).
#[must_use]
pub fn pretty(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.push(chars.next().unwrap_or(c));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Checks editor text: the scenario, or what is wrong with it (the field's
/// full path and what is allowed there).
pub fn check(text: &str) -> Result<Scenario, String> {
    dirtybit_sim::json::scenario(text).map_err(|e| e.to_string())
}

/// The scenario editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let text = use_state(|| props.json.clone());
    {
        // A newly loaded scenario replaces the text.
        let text = text.clone();
        use_effect_with(props.json.clone(), move |json| {
            text.set(json.clone());
        });
    }
    let checked = check(&text);
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let on_apply = {
        let cb = props.on_action.clone();
        let checked = checked.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(s) = &checked {
                cb.emit(Action::Load(Box::new(s.clone())));
            }
        })
    };
    html! {
        <section class="panel editor" aria-labelledby="editor-title">
            <h2 id="editor-title">{ "Scenario as JSON" }</h2>
            <label for="scenario-json" class="block">
                { "Every knob, as JSON; each field is explained in " }
                <a href="scenario.md" target="_blank" rel="noopener">{ "the scenario reference" }</a>
                { ". Times are in microseconds (1 ms = 1000)." }
            </label>
            <textarea id="scenario-json" rows="14" spellcheck="false" value={(*text).clone()} oninput={on_input}
                      aria-invalid={checked.is_err().to_string()} aria-describedby="scenario-error" />
            <p id="scenario-error" class={classes!("field-error", checked.is_ok().then_some("ok"))} role="status">
                { match &checked { Ok(_) => "✓ valid scenario".to_string(), Err(e) => format!("✗ {e}") } }
            </p>
            <button id="apply" type="button" disabled={checked.is_err()} onclick={on_apply}>{ "Apply and restart" }</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_names_a_mistyped_field_and_refuses_an_array() {
        let e = check(r#"{"policy": {"kind": "write-behind", "batch_size": 1.5}}"#).unwrap_err();
        assert!(
            e.starts_with("policy.batch_size: invalid type: floating point `1.5`"),
            "{e}"
        );
        let e = check("[]").unwrap_err();
        assert!(e.starts_with("(the scenario): must be a JSON object"), "{e}");
    }

    #[test]
    fn pretty_json_reads_back_the_same() {
        let s = crate::presets::preset("selective").unwrap();
        let compact = serde_json::to_string(&s).unwrap();
        let text = pretty(&compact);
        assert!(text.contains("\n  \"policy\": {\n"), "{text}");
        assert_eq!(check(&text), Ok(s));
        assert_eq!(
            pretty(r#"{"a":[],"b":"x, {y}: \"z\""}"#),
            "{\n  \"a\": [],\n  \"b\": \"x, {y}: \\\"z\\\"\"\n}"
        );
    }
}
