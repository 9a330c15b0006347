//! The list of lessons, in the lesson column: title, one line, the text it
//! teaches from and how long it takes. Picking one fetches it.

use yew::prelude::*;

use crate::lesson_files::CATALOG;

/// Props of [`LessonPicker`].
#[derive(Properties, PartialEq)]
pub struct LessonPickerProps {
    /// The lesson being fetched, if one.
    pub loading: Option<String>,
    /// Open the lesson with this id.
    pub on_pick: Callback<String>,
    /// Close the list.
    pub on_close: Callback<()>,
}

/// The lesson picker.
#[component]
pub fn LessonPicker(props: &LessonPickerProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="lesson lesson-picker" id="lessons" aria-labelledby="lessons-title">
            <p class="lesson-kicker">{ "Guided lessons" }</p>
            <h2 id="lessons-title">{ "One idea at a time, with questions the simulation answers" }</h2>
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
                            <button type="button" class="lesson-pick" id={format!("lesson-pick-{}", e.id)} onclick={pick}
                                    disabled={props.loading.is_some()}>
                                <span class="lesson-name">{ e.title }</span>
                                <span class="lesson-line">{ e.line }</span>
                                <span class="lesson-meta">{ format!("{} min · {} ({})", e.minutes, e.text, e.section) }</span>
                                if loading { <span class="lesson-meta">{ "Loading…" }</span> }
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <div class="lesson-nav">
                <button type="button" id="lessons-close" onclick={close}>{ "Close" }</button>
            </div>
        </section>
    }
}
