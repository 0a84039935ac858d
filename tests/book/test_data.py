"""The airfoil table: look-up order, download, hash checks, clear failures."""

import functools
import hashlib
import http.server
import os
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from d2l_local.book import data

SHARED = Path(os.environ.get("D2L_DATA_DIR", "../shared/data")) / data.AIRFOIL_FILE
GOOD = SHARED.read_bytes() if SHARED.is_file() else None
pytestmark = pytest.mark.skipif(GOOD is None, reason="set D2L_DATA_DIR to the shared data")


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    """An empty data dir and an empty cache, with the environment pointing at them."""
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    data_dir.mkdir()
    monkeypatch.setenv("D2L_DATA_DIR", str(data_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return data_dir, cache / "d2l_local"


@pytest.fixture
def server(tmp_path):
    """A loopback HTTP server; put files in the returned folder, fetch from the URL."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_port}/{data.AIRFOIL_FILE}"
    httpd.shutdown()


def unreachable_url():
    """A loopback port nobody listens on: the download fails at once."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{data.AIRFOIL_FILE}"


def test_the_shared_copy_is_the_books_file():
    assert hashlib.sha1(GOOD).hexdigest() == data.AIRFOIL_SHA1


def test_data_dir_copy_is_used_first(dirs):
    data_dir, cache = dirs
    (data_dir / data.AIRFOIL_FILE).write_bytes(GOOD)
    assert data.airfoil_path(url=unreachable_url()) == data_dir / data.AIRFOIL_FILE
    assert not cache.exists()


def test_corrupt_data_dir_copy_is_refused_with_both_hashes(dirs):
    data_dir, _ = dirs
    bad = data_dir / data.AIRFOIL_FILE
    bad.write_bytes(GOOD[:-10])
    with pytest.raises(data.DataError) as err:
        data.airfoil_path(url=unreachable_url())
    message = str(err.value)
    assert str(bad) in message
    assert data.AIRFOIL_SHA1 in message
    assert hashlib.sha1(GOOD[:-10]).hexdigest() in message
    assert bad.read_bytes() == GOOD[:-10]  # the user's own file is never replaced


def test_download_fills_the_cache_atomically(dirs, server):
    _, cache = dirs
    root, url = server
    (root / data.AIRFOIL_FILE).write_bytes(GOOD)
    path = data.airfoil_path(url=url)
    assert path == cache / data.AIRFOIL_FILE
    assert path.read_bytes() == GOOD
    assert sorted(p.name for p in cache.iterdir()) == [data.AIRFOIL_FILE]
    (root / data.AIRFOIL_FILE).unlink()  # a second call uses the cache, not the server
    assert data.airfoil_path(url=url) == path


def test_corrupt_cache_is_replaced_by_a_fresh_download(dirs, server):
    _, cache = dirs
    root, url = server
    cache.mkdir(parents=True)
    (cache / data.AIRFOIL_FILE).write_bytes(b"not the table")
    (root / data.AIRFOIL_FILE).write_bytes(GOOD)
    assert data.airfoil_path(url=url).read_bytes() == GOOD


def test_download_with_wrong_content_is_refused_and_not_cached(dirs, server):
    _, cache = dirs
    root, url = server
    (root / data.AIRFOIL_FILE).write_bytes(GOOD.replace(b"\t", b" ", 1))
    with pytest.raises(data.DataError, match=data.AIRFOIL_SHA1):
        data.airfoil_path(url=url)
    assert not (cache / data.AIRFOIL_FILE).exists()
    assert list(cache.iterdir()) == []  # no half-written temporary file left behind


def test_offline_without_a_copy_says_where_it_looked(dirs):
    data_dir, cache = dirs
    url = unreachable_url()
    with pytest.raises(data.DataError) as err:
        data.airfoil_path(url=url)
    message = str(err.value)
    assert str(data_dir / data.AIRFOIL_FILE) in message
    assert str(cache / data.AIRFOIL_FILE) in message
    assert url in message and "D2L_DATA_DIR" in message
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_missing_server_file_is_a_clear_error(dirs, server):
    _, url = server
    with pytest.raises(data.DataError, match="404"):
        data.airfoil_path(url=url)


def test_get_data_ch11_matches_the_books_recipe(monkeypatch):
    monkeypatch.setenv("D2L_DATA_DIR", str(SHARED.parent))
    table = np.genfromtxt(SHARED, dtype=np.float32, delimiter="\t")
    assert table.shape == (1503, 6)
    expected = (table - table.mean(axis=0)) / table.std(axis=0)
    data_iter, feature_dim = data.get_data_ch11(batch_size=10)
    X, y = data_iter.dataset.tensors
    assert feature_dim == 5 and X.dtype == torch.float32
    assert torch.equal(X, torch.from_numpy(expected[:1500, :-1]))
    assert torch.equal(y, torch.from_numpy(expected[:1500, -1]))
    assert len(data_iter) == 150
    first, second = (torch.cat([yb for _, yb in data_iter]) for _ in range(2))
    assert not torch.equal(first, second)  # reshuffled every epoch
    assert torch.equal(first.sort().values, y.sort().values)


@pytest.mark.parametrize("kwargs", [{"batch_size": 0}, {"batch_size": 2.5}, {"n": 0}, {"n": 5000}])
def test_get_data_ch11_rejects_bad_sizes(kwargs, monkeypatch):
    monkeypatch.setenv("D2L_DATA_DIR", str(SHARED.parent))
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=name):
        data.get_data_ch11(**kwargs)
