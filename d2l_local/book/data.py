"""The airfoil self-noise table: find it, fetch it once, check it, load it.

Look-up order: the directory named by ``D2L_DATA_DIR``, then a user cache
(``$XDG_CACHE_HOME/d2l_local``, default ``~/.cache/d2l_local``), then a
download into that cache. Every copy is checked against the SHA-1 the book
registers, so a truncated or edited file can never reach a training run.
"""

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import torch

AIRFOIL_FILE = "airfoil_self_noise.dat"
AIRFOIL_URL = "https://d2l-data.s3-accelerate.amazonaws.com/" + AIRFOIL_FILE
AIRFOIL_SHA1 = "76e5be1548fd8222e5074cf0faae75edff8cf93f"
AIRFOIL_SHAPE = (1503, 6)


class DataError(RuntimeError):
    """The data file is missing, corrupt or cannot be fetched."""


def sha1_of(path):
    digest = hashlib.sha1()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "d2l_local"


def _check(path, sha1):
    actual = sha1_of(path)
    if actual != sha1:
        raise DataError(
            f"{path} is corrupt: its SHA-1 is {actual}, expected {sha1}. "
            "Delete it (or replace it with a good copy) and try again."
        )


def _download(url, target, sha1, timeout=30):
    """Fetch ``url`` into ``target`` atomically: a half-written file never
    takes the real name, and neither does one with the wrong hash."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            for chunk in iter(lambda: response.read(1 << 16), b""):
                out.write(chunk)
        actual = sha1_of(tmp)
        if actual != sha1:
            raise DataError(
                f"The file downloaded from {url} has SHA-1 {actual}, "
                f"expected {sha1}; it was not saved."
            )
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def airfoil_path(url=AIRFOIL_URL, sha1=AIRFOIL_SHA1):
    """Return the path of a verified copy of the airfoil table."""
    looked = []
    data_dir = os.environ.get("D2L_DATA_DIR")
    if data_dir:
        candidate = Path(data_dir).expanduser() / AIRFOIL_FILE
        if candidate.is_file():
            _check(candidate, sha1)  # the user's own copy: refuse, never replace
            return candidate
        looked.append(f"{candidate} (from D2L_DATA_DIR)")
    cached = cache_dir() / AIRFOIL_FILE
    stale = cached.is_file() and sha1_of(cached) != sha1
    if cached.is_file() and not stale:
        return cached
    looked.append(f"{cached} (the cache{', corrupt' if stale else ''})")
    try:
        _download(url, cached, sha1)
    except (urllib.error.URLError, OSError) as err:
        reason = err if isinstance(err, urllib.error.HTTPError) else getattr(err, "reason", err)
        raise DataError(
            f"Could not find {AIRFOIL_FILE}. Looked in: {'; '.join(looked)}. "
            f"Downloading it from {url} failed: {reason}. Set D2L_DATA_DIR "
            f"to a directory that holds a copy of {AIRFOIL_FILE}."
        ) from None
    return cached


def load_airfoil():
    """Return the table as a float32 array, each column standardised."""
    table = np.genfromtxt(airfoil_path(), dtype=np.float32, delimiter="\t")
    if table.shape != AIRFOIL_SHAPE or not np.isfinite(table).all():
        raise DataError(
            f"{AIRFOIL_FILE} does not hold a {AIRFOIL_SHAPE} "
            f"table of numbers (got shape {table.shape})."
        )
    return (table - table.mean(axis=0)) / table.std(axis=0)


def load_array(data_arrays, batch_size, is_train=True):
    """A DataLoader over tensors, shuffled each epoch when training."""
    dataset = torch.utils.data.TensorDataset(*data_arrays)
    return torch.utils.data.DataLoader(dataset, batch_size, shuffle=is_train)


def get_data_ch11(batch_size=10, n=1500):
    """The book's airfoil regression data: ``(data_iter, feature_dim)``."""
    if not (isinstance(batch_size, int) and batch_size > 0):
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if not (isinstance(n, int) and 0 < n <= AIRFOIL_SHAPE[0]):
        raise ValueError(f"n must be an integer in 1..{AIRFOIL_SHAPE[0]}, got {n!r}")
    data = torch.from_numpy(load_airfoil())
    data_iter = load_array((data[:n, :-1], data[:n, -1]), batch_size, is_train=True)
    return data_iter, data.shape[1] - 1
