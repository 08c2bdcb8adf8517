// The pupil's code editor: CodeMirror 6 with Python, bundled into one file by build.sh.
import {EditorView, basicSetup} from "codemirror";
import {keymap} from "@codemirror/view";
import {EditorState, Compartment} from "@codemirror/state";
import {indentWithTab} from "@codemirror/commands";
import {indentUnit} from "@codemirror/language";
import {python} from "@codemirror/lang-python";

function create(parent, text, options) {
  const onChange = options.onChange || (() => {});
  const size = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        indentUnit.of("    "),
        python(),
        size.of([]),
        EditorView.contentAttributes.of({"aria-label": options.label || "Program",
                                          "lang": "en", "spellcheck": "false"}),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (value) => view.dispatch({changes: {from: 0, to: view.state.doc.length,
                                                 insert: value}}),
    setLarge: (on) => view.dispatch({effects: size.reconfigure(
      on ? EditorView.theme({"&": {fontSize: "150%"}}) : [])}),
    focus: () => view.focus(),
  };
}

window.TerakoyaEditor = {create};
