"""Whole convolutional models, shaped like `SequenceModel` so `fit`, the optimizers and the checks treat
them alike: one params dict, `out, cache = model.forward(x)`, `grads, dx = model.backward(dout, cache)`.

- `TCN`: a stack of causal dilated 1-D convolutions with ReLU and a dense read-out (a temporal
  convolutional network in the sense of Bai, Kolter & Koltun 2018, without their residual blocks).
- `ImageCNN`: convolution, pooling, convolution, global pooling, dense: the small image classifier of
  notebook 06, each layer with its own job.
"""
import numpy as np

from .checks import check_array, check_dtype, check_positive_int, check_sequence, rng_from
from .conv1d import Conv1D, receptive_field
from .conv2d import Conv2D, MaxPool2D
from .dense import Dense
from .functional import relu, relu_slope
from .models import Model


class TCN(Model):
    """Causal dilated convolutions with ReLU, then y_t = W_hy h_t + b_y on the last layer's features.

        h^(0) = x,   h^(l)_t = relu(b_l + sum_j W_l[j] h^(l-1)_{t - j d_l}),   y_t = W_hy h^(L)_t + b_y

    Args:
        input_size: D; channels: C, the width of every convolution layer; output_size: K.
        kernel_size: k; dilations: d_1..d_L (one layer each); many_to_one: read out only t = T.
    params: W_1, b_1, ..., W_L, b_L (each layer's W (k, C, C_in) and b (C,)), W_hy (K, C), b_y (K,).
    """

    def __init__(self, input_size, channels, output_size, *, kernel_size=2, dilations=(1, 2, 4, 8),
                 many_to_one=False, seed=None, dtype=np.float64):
        rng = rng_from(seed)
        self.input_size = check_positive_int(input_size, "input_size")
        self.dtype = check_dtype(dtype)
        self.dilations = tuple(check_positive_int(d, "each dilation") for d in dilations)
        if not self.dilations:
            raise ValueError("dilations must name at least one layer; got an empty list")
        self.kernel_size, self.many_to_one = check_positive_int(kernel_size, "kernel_size"), bool(many_to_one)
        sizes = [self.input_size] + [check_positive_int(channels, "channels")] * len(self.dilations)
        self.convs = [Conv1D(c_in, c_out, kernel_size, dilation=d, seed=rng, dtype=dtype)
                      for c_in, c_out, d in zip(sizes[:-1], sizes[1:], self.dilations)]
        self.head = Dense(sizes[-1], output_size, seed=rng, dtype=dtype)
        self._name_params([(conv, {"W": f"W_{l}", "b": f"b_{l}"}) for l, conv in enumerate(self.convs, start=1)]
                          + [(self.head, {"W": "W_hy", "b": "b_y"})])

    def __repr__(self):
        return (f"TCN(kernel_size={self.kernel_size}, dilations={self.dilations}, receptive field "
                f"{self.receptive_field}) with {self.num_params} parameters")

    @property
    def receptive_field(self):
        """1 + (k - 1) sum_l d_l input steps reach one output."""
        return receptive_field(self.kernel_size, self.dilations)

    def forward(self, x):
        """Args: x (T, B, D) or (T, D). Returns: ys (T, B, K) ((B, K) if many_to_one; no B for (T, D)); cache."""
        x, single = check_sequence(x, "x", self.input_size, self.dtype)
        h, caches, hs = x, [], []
        for conv in self.convs:  # a loop over layers; inside each, all T steps at once
            a, c = conv.forward(h)  # (T, B, C)
            h = relu(a)
            caches.append(c)
            hs.append(h)
        ys, head_cache = self.head.forward(h[-1] if self.many_to_one else h)
        if single:
            ys = ys[0] if self.many_to_one else ys[:, 0]
        return ys, {"convs": caches, "hs": hs, "head": head_cache, "single": single}

    def backward(self, dys, cache):
        """Args: dys like ys. Returns: grads keyed like params; dx like x."""
        dys = np.asarray(dys)
        if cache["single"]:
            dys = dys[None] if self.many_to_one else dys[:, None]
        head_grads, dh_out = self.head.backward(dys, cache["head"])
        hs = cache["hs"]
        if self.many_to_one:
            dh = np.zeros_like(hs[-1])
            dh[-1] = dh_out
        else:
            dh = dh_out
        conv_grads = [None] * len(self.convs)
        for l in reversed(range(len(self.convs))):
            da = dh * relu_slope(hs[l])  # through the ReLU
            conv_grads[l], dh = self.convs[l].backward(da, cache["convs"][l])
        return self._named(conv_grads + [head_grads]), (dh[:, 0] if cache["single"] else dh)


class ImageCNN(Model):
    """Conv -> ReLU -> max pool -> conv -> ReLU -> global max pool -> dense, for (B, H, W) grey images.

        a1 = conv1(x), h1 = relu(a1), p1 = maxpool_2(h1), a2 = conv2(p1), h2 = relu(a2),
        f = max over all positions of h2 (one number per channel), y = W_hy f + b_y

    Args:
        image_size: (H, W), square, even side; output_size: K classes; channels: (C1, C2); kernel_size: k (odd).
    params: W_conv1 (C1, k, k, 1), b_conv1, W_conv2 (C2, k, k, C1), b_conv2, W_hy (K, C2), b_y (K,).
    """

    def __init__(self, image_size, output_size, *, channels=(8, 16), kernel_size=3, seed=None, dtype=np.float64):
        rng = rng_from(seed)
        self.dtype = check_dtype(dtype)
        H, W = (check_positive_int(n, "image_size") for n in image_size)
        if H != W or H % 2:
            raise ValueError(f"image_size must be square with an even side (2 x 2 pooling, then global pooling); got {image_size}")
        self.image_size = (H, W)
        c1, c2 = (check_positive_int(c, "channels") for c in channels)
        self.conv1 = Conv2D(1, c1, kernel_size, seed=rng, dtype=dtype)
        self.pool = MaxPool2D(2)
        self.conv2 = Conv2D(c1, c2, kernel_size, seed=rng, dtype=dtype)
        self.global_pool = MaxPool2D(H // 2)  # one window over the whole (H/2, W/2) map
        self.head = Dense(c2, output_size, seed=rng, dtype=dtype)
        self._name_params([(self.conv1, {"W": "W_conv1", "b": "b_conv1"}), (self.conv2, {"W": "W_conv2", "b": "b_conv2"}),
                           (self.head, {"W": "W_hy", "b": "b_y"})])

    def __repr__(self):
        return f"ImageCNN(image_size={self.image_size}, channels=({self.conv1.out_channels}, {self.conv2.out_channels})) with {self.num_params} parameters"

    def summary(self, x):
        """What each layer does to a batch x (B, H, W): rows of (layer, output shape, parameters)."""
        _, cache = self.forward(x)
        k, (c1, c2) = self.conv1.kernel_size, (self.conv1.out_channels, self.conv2.out_channels)
        return [("input image", tuple(x.shape), 0),
                (f"conv1: {c1} filters {k}x{k}, then ReLU", cache["h1"].shape, self.conv1.num_params),
                ("max pool 2x2", cache["p1"].shape, 0),
                (f"conv2: {c2} filters {k}x{k}, then ReLU", cache["h2"].shape, self.conv2.num_params),
                ("global max pool", cache["f"].shape, 0),
                ("dense (fully connected)", (x.shape[0], self.head.output_size), self.head.num_params)]

    def forward(self, x):
        """Args: x (B, H, W) images. Returns: logits (B, K); cache (every intermediate, for backward)."""
        x = check_array(x, "x", self.dtype)
        if x.ndim != 3 or x.shape[1:] != self.image_size or x.shape[0] == 0:
            raise ValueError(f"x must have shape (B, {self.image_size[0]}, {self.image_size[1]}) (batch, height, width); got {x.shape}")
        a1, c1 = self.conv1.forward(x[..., None])  # (B, H, W, C1)
        h1 = relu(a1)
        p1, cp = self.pool.forward(h1)  # (B, H/2, W/2, C1)
        a2, c2 = self.conv2.forward(p1)  # (B, H/2, W/2, C2)
        h2 = relu(a2)
        f, cg = self.global_pool.forward(h2)  # (B, 1, 1, C2)
        y, ch = self.head.forward(f[:, 0, 0])  # (B, K)
        return y, {"c1": c1, "h1": h1, "cp": cp, "p1": p1, "c2": c2, "h2": h2, "cg": cg, "f": f[:, 0, 0], "ch": ch}

    def backward(self, dy, cache):
        """Args: dy (B, K). Returns: grads keyed like params; dx (B, H, W)."""
        gh, df = self.head.backward(dy, cache["ch"])
        _, dh2 = self.global_pool.backward(df[:, None, None], cache["cg"])
        g2, dp1 = self.conv2.backward(dh2 * relu_slope(cache["h2"]), cache["c2"])
        _, dh1 = self.pool.backward(dp1, cache["cp"])
        g1, dx = self.conv1.backward(dh1 * relu_slope(cache["h1"]), cache["c1"])
        return self._named([g1, g2, gh]), dx[..., 0]
