"""The readable library, NumPy only, in reading order: functional (element-wise functions and their
slopes), checks (the error messages), dense, recurrent (what the RNN, LSTM and GRU share), rnn, lstm, gru,
conv1d, conv2d, models and convnets (whole models), losses, optim, train, gradcheck.

Nothing here imports plotting, widgets or anything from `rnnlib.course`.
"""
