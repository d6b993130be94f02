"""Settings for the whole test session, applied before any test or notebook kernel imports NumPy."""
import os

# One BLAS thread for the tests and the notebook kernels they start (kernels inherit the environment).
# On the 2-core CI machine a test process and a kernel run side by side, and OpenBLAS's default thread
# pool then made small matrix products 10-30x slower (measured while writing notebooks 06-07); a fixed
# thread count also keeps the order of floating-point sums, and so the printed digits, the same.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
