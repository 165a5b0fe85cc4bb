"""The OpenBLAS kernel set this process runs (e.g. 'Cooperlake', or 'Haswell' when OPENBLAS_CORETYPE forces it).

Imported by the PyTorch peers of bench/ so that every JSON line they print names the kernel it was measured with.
Call after torch has done one matmul (OpenBLAS is loaded lazily). Dev tool: Python is never a runtime dependency.
"""
import ctypes


def openblas_core():
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "libopenblas" in line.split()[-1]})
    if not paths:
        return None
    lib = ctypes.CDLL(paths[0])
    lib.openblas_get_corename.restype = ctypes.c_char_p
    return lib.openblas_get_corename().decode()
