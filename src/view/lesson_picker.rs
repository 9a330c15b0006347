//! The list of lessons: title, one line, the text it teaches from and how
//! long it takes. Picking one fetches it (the page asks; see `app`).

use yew::prelude::*;

use crate::lesson_files::CATALOG;

/// Props of [`LessonPicker`].
#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    /// The lesson being fetched, if one.
    pub loading: Option<String>,
    /// Open the lesson with this id.
    pub on_pick: Callback<String>,
}

/// The lesson picker, folded until opened.
#[component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    html! {
        <details class="lesson-picker" id="lessons">
            <summary>{ format!("Guided lessons ({}): one idea at a time, with questions the simulation answers", CATALOG.len()) }</summary>
            <ol class="lesson-list">
                { for CATALOG.iter().map(|e| {
                    let pick = {
                        let cb = props.on_pick.clone();
                        let id = e.id.to_string();
                        Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
                    };
                    let loading = props.loading.as_deref() == Some(e.id);
                    html! {
                        <li>
                            <button type="button" class="lesson-pick" id={format!("lesson-pick-{}", e.id)} onclick={pick} disabled={loading}>
                                <span class="lesson-name">{ e.title }</span>
                                <span class="lesson-line">{ e.line }</span>
                                <span class="lesson-meta">{ format!("{} min · {} ({})", e.minutes, e.text, e.section) }</span>
                                if loading { <span class="lesson-meta">{ "Loading…" }</span> }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </details>
    }
}
