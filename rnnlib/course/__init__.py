"""What the notebooks use to make their points, on top of the library in `rnnlib.nn`. A map, notebook by notebook:

- 00 start here: `widgets.check`, `charmodel` and `text` (the first taste: a character RNN trained for a second)
- 01 feedforward vs recurrent: `text` (the anagrams, the memoryless bound), `plotting.states`, `plotting.unrolled`,
  `widgets.stepper`
- 02 unrolling: `text`, `plotting.unrolled`, `plotting.shapes_of_use`, `widgets.unrolled_view`, `widgets.stepper`
- 03 backprop through time: `bptt` (the backward walk term by term, truncation), `tasks`, `plotting.gradients`,
  `widgets.bptt_walker`
- 04 vanishing and exploding: `jacobians`, `gradient_experiments`, `tasks`, `plotting.gradients`,
  `plotting.jacobian_pictures`, `widgets.gradient_explorer`
- 05 LSTM and GRU gates: `gates`, `variants`, `gated_experiments` (the adding problem), `tasks`, `plotting.gates`,
  `widgets.gate_inspector`, `widgets.cell_diagram` (the cells drawn as circuits, also in the steppers of 01 and 02)
- 06 RNN vs CNN: `glyphs`, `rnn_vs_cnn`, `classify`, `plotting.convolution`, `widgets.receptive_field`
- 07 applications: `charmodel` (with `data/corpus.txt`), `sentiment`, `forecast`, `classify`, `speech` (with
  `data/speech_digits.npz`), `video`, `plotting.applications`, `plotting.speech`, `plotting.video`, `widgets.sampler`
- 08 deeper, bidirectional, seq2seq: `deep_rnn` (stacked and bidirectional taggers, the causal bound), `seq2seq`
  (number words to digits, the encoder-decoders), `seq2seq_experiments`, `plotting.seq2seq`, `widgets.attention`
- 09 parallel recurrences: `parallel` (scan vs loop, minGRU vs GRU, parity, eigenvalues, LTI = convolution), `plotting.parallel`, `widgets.scan`

Every notebook also uses `plotting.setup()` and its own `exercises.nbNN`; every drawing `colours` (text colours
by WCAG contrast, on the light card each drawing has in light and dark themes alike). `jupyter_server_extension`
is for the Jupyter server, not a notebook: it makes the widgets' round trips shorter. Each module's docstring starts with
the notebook(s) it serves. Import what a notebook uses by name: `from rnnlib.course import text, widgets`.
This package imports `rnnlib.nn`; `rnnlib.nn` never imports it.
"""
