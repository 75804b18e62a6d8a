"""The Python package against the command line, on the bundled texts."""

import csv
import json
import threading
import warnings
import time

import pytest

import clausediff
from conftest import TIANJIN, missing, paragraphs, run_cli

ZH_HANT = "texts/tianjin/zh-Hant.txt"
EN = "texts/tianjin/en.txt"
ZH_HANS = "texts/tianjin/zh-Hans.txt"


def text(rel):
    return (TIANJIN.parent.parent / rel).read_text(encoding="utf-8")


def test_align_equals_the_command_line(cli):
    expected = json.loads(run_cli(cli, "align", ZH_HANT, EN, "-f", "json"))
    got = clausediff.align(text(ZH_HANT), text(EN), names=[ZH_HANT, EN])
    assert got["beads"] == expected["beads"]
    assert got == expected
    assert len(got["beads"]) > 150
    assert got["src"]["lang"] == "zh-Hant" and got["tgt"]["lang"] == "en"


def test_align_options_equal_the_command_line(cli):
    args = ["--level", "clause", "--src-lang", "zh-Hant", "--tgt-lang", "en", "--no-model", "--set", "skip=5"]
    expected = json.loads(run_cli(cli, "align", ZH_HANT, EN, "-f", "json", *args))
    got = clausediff.align(
        text(ZH_HANT), text(EN), "zh-Hant", "en", level="clause", model=False, params={"skip": 5}, names=[ZH_HANT, EN]
    )
    assert got == expected
    assert "semantic" not in got["signals"]
    assert got["level"] == "clause"


def test_presegmented_beads_follow_the_lines():
    zh, en = paragraphs("zh-Hant")[4:12], paragraphs("en")[:8]
    got = clausediff.align("\n".join(zh), "\n".join(en), presegmented=True, level="paragraph")
    assert [(b["src"], b["tgt"]) for b in got["beads"]] == [([i], [i]) for i in range(8)]
    assert [b["src_text"] for b in got["beads"]] == zh


def window(drop=None):
    """zh-Hant paragraphs 14-19 and their English (10-15), an English paragraph left out."""
    zh, en = paragraphs("zh-Hant")[14:20], paragraphs("en")[10:16]
    if drop is not None:
        del en[drop]
    return "\n\n".join(zh), "\n\n".join(en), zh


def test_check_finds_nothing_in_a_faithful_translation():
    master, version, _ = window()
    report = clausediff.check(master, [version], langs=["zh-Hant", "en"])
    assert report["findings"] == []
    assert report["versions"][0]["lang"] == "en"


def test_check_finds_a_removed_sentence():
    master, version, zh = window(drop=5)
    report = clausediff.check(master, [version], langs=["zh-Hant", "en"])
    missing_ = [f for f in report["findings"] if f["kind"] == "missing"]
    assert missing_, report["findings"]
    start = len("\n\n".join(zh[:5]).encode()) + 2
    assert any(f["master"]["start"] >= start and f["master"]["text"] in zh[5] for f in missing_)


def test_check_finds_a_sentence_removed_inside_a_paragraph(has_model):
    if not has_model:
        missing(
            "no model in ~/.cache/clausediff/usem3 (scripts/fetch-model.sh): a sentence inside a paragraph needs it"
        )
    zh, en = paragraphs("zh-Hant")[14:20], paragraphs("en")[10:16]
    kept, removed = en[3].split(". The Member States call", 1)
    assert removed
    en[3] = kept + "."
    report = clausediff.check("\n\n".join(zh), ["\n\n".join(en)], langs=["zh-Hant", "en"])
    texts = [f["master"]["text"] for f in report["findings"] if f["kind"] == "missing"]
    assert any("成員國呼籲國際社會共同參與" in t for t in texts), report["findings"]


def test_check_equals_the_command_line(cli):
    expected = json.loads(run_cli(cli, "check", ZH_HANT, EN, "-f", "json"))
    got = clausediff.check(text(ZH_HANT), [text(EN)], ["zh-Hant", "en"], names=[ZH_HANT, EN])
    assert got == expected
    assert any(f["kind"] == "missing" for f in got["findings"])  # the news report before the declaration


def test_diff_reports_the_conversion_errors(cli):
    expected = json.loads(run_cli(cli, "diff", ZH_HANT, ZH_HANS, "-f", "json"))
    got = clausediff.diff(text(ZH_HANT), text(ZH_HANS), names=[ZH_HANT, ZH_HANS])
    assert got == expected
    errors = [f for f in got["findings"] if f["kind"] == "conversion-error"]
    with open(TIANJIN / "conversion-errors.tsv", encoding="utf-8") as f:
        known = [r for r in csv.DictReader(f, delimiter="\t") if r["found_by_diff"] == "yes"]
    assert known
    for r in known:
        start, end = int(r["byte_start"]), int(r["byte_end"])
        assert any(start <= e["master"]["start"] < end for e in errors), r


def test_diff_of_one_text_finds_nothing():
    report = clausediff.diff(text(ZH_HANT), text(ZH_HANT))
    assert report["findings"] == []


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: clausediff.align("", "The Member States."), "src: the text is empty"),
        (lambda: clausediff.align("成員國重申。", "They reaffirm.", src_lang="xx"), 'unknown language tag "xx"'),
        (lambda: clausediff.align("成員國重申。", "They reaffirm.", level="word"), 'level "word"'),
        (lambda: clausediff.align("成員國重申。", "They reaffirm.", params={"nope": 1}), 'unknown parameter "nope"'),
        (lambda: clausediff.align("成員國重申。", "They reaffirm.", max_bead=9), "max_bead: 9"),
        (lambda: clausediff.check("成員國重申。", []), "at least one version"),
        (lambda: clausediff.check("成員國重申。", ["x"], langs=["en"]), "langs: 1 tags for 2 texts"),
        (lambda: clausediff.diff("成員國重申。", "成員國重申。", ignore=["nonsense"]), "nonsense"),
        (lambda: clausediff.diff("成員國重申。", "成員國重申。", show=["number"]), "always listed"),
        (lambda: clausediff.align("成員國。", "x", names=["a"]), "names: 1 names for 2 texts"),
    ],
)
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call()


def test_over_the_memory_budget_raises_memory_error(tmp_path, monkeypatch):
    zh, en = text(ZH_HANT), text(EN)
    for call in (
        lambda m: clausediff.align(zh, en, model=tmp_path, max_memory=m),
        lambda m: clausediff.check(zh, [en], model=tmp_path, max_memory=m),
        lambda m: clausediff.diff(zh, text(ZH_HANS), max_memory=m),
    ):
        # Refused before the (absent) model is loaded.
        with pytest.raises(MemoryError, match="over the limit of 1.0 MiB"):
            call("1M")
        with pytest.raises(MemoryError, match="over the limit of 1.0 MiB"):
            call(1 << 20)
    monkeypatch.setenv("CLAUSEDIFF_MAX_MEMORY", "1M")
    with pytest.raises(MemoryError):
        clausediff.diff(zh, text(ZH_HANS))
    assert clausediff.diff(zh, text(ZH_HANS), max_memory="8G")["findings"]
    with pytest.raises(ValueError, match="max_memory"):
        clausediff.diff(zh, zh, max_memory="lots")
    with pytest.raises(TypeError, match="max_memory"):
        clausediff.diff(zh, zh, max_memory=[1])
    with pytest.raises(TypeError, match="not a bool"):
        clausediff.diff(zh, zh, max_memory=True)
    for bad in (0, -5, 1 << 70, 10**40):
        with pytest.raises(ValueError, match="max_memory"):
            clausediff.diff(zh, zh, max_memory=bad)


def test_a_missing_model_or_file_raises_os_error(tmp_path):
    with pytest.raises(OSError, match="cannot load the model"):
        clausediff.align("成員國重申。", "They reaffirm.", model=tmp_path)
    with pytest.raises(OSError):
        clausediff.read_text(tmp_path / "absent.txt")
    with pytest.raises(TypeError):
        clausediff.align("成員國重申。", "They reaffirm.", model=3)


def test_read_text_decodes_as_the_command_line(tmp_path):
    (tmp_path / "big5.txt").write_bytes("成員國重申上述立場。".encode("big5"))
    assert clausediff.read_text(tmp_path / "big5.txt") == "成員國重申上述立場。"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfThe Member States.")
    assert clausediff.read_text(str(tmp_path / "bom.txt")) == "The Member States."


def test_no_model_means_no_semantic_signal_and_no_note():
    got = clausediff.align("成員國重申。", "They reaffirm.", model=False)
    assert "semantic" not in got["signals"] and got["notes"] == []


def test_the_model_is_loaded_once(has_model):
    if not has_model:
        missing("no model in ~/.cache/clausediff/usem3 (scripts/fetch-model.sh)")
    start = time.perf_counter()
    for _ in range(3):
        assert clausediff.load_model() is not None
    assert time.perf_counter() - start < 0.1  # loading takes about half a second
    got = clausediff.align("成員國重申上述立場。", "The Member States reaffirm this position.")
    assert "semantic" in got["signals"]


def test_an_embedding_store_that_cannot_be_used_warns(tmp_path, monkeypatch, has_model):
    if not has_model:
        missing("no model in ~/.cache/clausediff/usem3 (scripts/fetch-model.sh)")
    # A model directory of its own (loaded afresh) whose store would sit
    # under a cache where `embeddings` is a file, not a directory.
    model = tmp_path / "usem3"
    model.symlink_to(clausediff.load_model(), target_is_directory=True)
    cache = tmp_path / "cache"
    (cache / "clausediff").mkdir(parents=True)
    (cache / "clausediff" / "embeddings").write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    with pytest.warns(RuntimeWarning, match="embeddings not kept between runs"):
        got = clausediff.align("成員國重申上述立場。", "The Member States reaffirm this position.", model=model)
    assert "semantic" in got["signals"]
    # Given once, when the model is loaded; later calls work without it.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = clausediff.align("成員國重申上述立場。", "The Member States reaffirm this position.", model=model)
    assert again["beads"] == got["beads"]


def test_the_gil_is_released_while_aligning():
    # Five documents' worth, so that the call outlasts the loop's ticks many times.
    zh, en = "\n\n".join([text(ZH_HANT)] * 5), "\n\n".join([text(EN)] * 5)
    ticks, done = [], threading.Event()

    def work():
        clausediff.align(zh, en, model=False)
        done.set()

    t = threading.Thread(target=work)
    start = time.perf_counter()
    t.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    took = time.perf_counter() - start
    gaps = [b - a for a, b in zip([start] + ticks, ticks + [time.perf_counter()])]
    # Holding the GIL would stop this loop for the whole call.
    assert took > 0.2 and max(gaps) < took / 2, (took, max(gaps))


def test_threads_give_the_same_results():
    from concurrent.futures import ThreadPoolExecutor

    zh, en = paragraphs("zh-Hant")[4:44], paragraphs("en")[:40]
    one = [clausediff.align(a, b, "zh-Hant", "en") for a, b in zip(zh, en)]
    with ThreadPoolExecutor(2) as pool:
        two = list(pool.map(lambda a, b: clausediff.align(a, b, "zh-Hant", "en"), zh, en))
    assert one == two
