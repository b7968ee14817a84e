#!/usr/bin/env python3
"""The dashboard driven in headless Chromium by tests/web/driver.js.

usage: browser_drive_test.py SITE_DIR GLASSBOX_CLI SOURCE_DIR keys|files [lang]

The site is served on 127.0.0.1 from a scratch folder: the build's files,
the test programs of tests/web/files and a copy of index.html that also
loads driver.js (the site itself never does). The page prints
"glassbox-test:" lines on its console; this script checks them.

  keys   lesson 9: the page keeps the browser's default away from the
         dashboard's keys (F5 would reload the page) and not from others;
         F10 steps, Shift+F10 steps back, F5 runs and F5 stops.
  files  ?program=hello.s opens the sample; a file picked in the upload
         dialog and a file dropped on the page open and run with the same
         output as glassbox-cli gives; the downloads of the program, the run
         and the session hold the right bytes; the session dropped back on
         the page returns to its moment; an edited program is saved
         (downloaded, kept) and runs edited. Then a second page in the same
         browser: the recent programs and the edited upload came back
         from the browser's storage, and it runs.
"""
import functools
import http.server
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import threading
import time

site, cli, src, scenario = (pathlib.Path(a).resolve() for a in sys.argv[1:5])
scenario = sys.argv[4]
lang = sys.argv[5] if len(sys.argv) > 5 else "en"
files = src / "tests" / "web" / "files"
failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def native_output(program_text, name):
    """What glassbox-cli prints for the program (its console output)."""
    path = work / ("native-" + name)
    path.write_text(program_text)
    out = subprocess.run([str(cli), "run", str(path), "--json"], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)["output"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def read_lines(log):
    """The driver's console lines in chromium's log, as (what, value) pairs."""
    lines = []
    for raw in log.read_text(errors="replace").splitlines():
        at = raw.find("glassbox-test: ")
        if at < 0:
            continue
        text = raw[at + len("glassbox-test: "):]
        text = text[:text.rfind('", source: ')] if '", source: ' in text else text
        what, _, value = text.partition("|")
        # Chromium's log writes the message as it is: the JSON is intact.
        lines.append((what, json.loads(value) if value else None))
    return lines


def open_page(query, profile):
    """Opens index.html?QUERY; returns the driver's lines once it is done.

    In real time, not under --virtual-time-budget: virtual time ran out
    while the page waited for a file to be read (upload, drop, download),
    and chromium then ended the page early. Chromium stays up (its
    debugging port) until the driver says "done" or "failed"; then this
    script ends it.
    """
    log = work / "chromium.log"
    for attempt in range(2):
        with open(log, "w") as err:
            browser = subprocess.Popen(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                 "--enable-unsafe-swiftshader", f"--user-data-dir={profile}",
                 "--window-size=1280,720", "--remote-debugging-port=0",
                 "--enable-logging=stderr", "--v=0",
                 f"http://127.0.0.1:{port}/index.html?{query}"],
                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
            deadline = time.monotonic() + 150
            lines = []
            while time.monotonic() < deadline and browser.poll() is None:
                time.sleep(0.3)
                lines = read_lines(log)
                if any(w in ("done", "failed") for w, _ in lines):
                    break
            # Chromium, asked to quit (it then writes the page's storage to
            # the profile), and its helpers if it does not (this script
            # started them, in their own process group).
            browser.terminate()
            try:
                browser.wait(timeout=20)
            except subprocess.TimeoutExpired:
                browser.kill()
                browser.wait()
            try:
                os.killpg(browser.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        lines = read_lines(log)
        if any(w in ("done", "failed") for w, _ in lines):
            break
        print(f"(attempt {attempt + 1}: the page did not finish in time; again)")
    print(f"--- the page's lines ({query}):")
    for what, value in lines:
        print(" ", what, json.dumps(value, ensure_ascii=False)[:300])
    if not any(w == "done" for w, _ in lines):
        print("--- chromium's log (last lines):")
        print("\n".join(log.read_text(errors="replace").splitlines()[-20:]))
    return lines


def values(lines, what):
    return [v for w, v in lines if w == what]


def keys_test(profile):
    lines = open_page(f"lesson=09&lang={lang}&autotest=keys", profile)
    check(values(lines, "done") != [], "the driver finished")
    defaults = (values(lines, "browser defaults") or [{}])[0]
    own = ["F5", "Shift+F5", "F6", "F9", "F10", "Shift+F10", "F11", "Ctrl+o", "Ctrl+r", "Ctrl+=",
           "Ctrl+-"]
    check(sorted(defaults.get("prevented", [])) == sorted(own),
          f"the browser's default is prevented for the dashboard's keys {own}: "
          f"{defaults.get('prevented')}")
    check(sorted(defaults.get("allowed", [])) == ["Ctrl+c", "F12"],
          f"and not for the browser's own (F12, Ctrl+C): {defaults.get('allowed')}")
    start = (values(lines, "start") or [{}])[0]
    check(start.get("program", "").endswith("09_race.s") and start.get("instructions") == 0,
          f"lesson 9 opened at instruction 0: {start}")
    k = (values(lines, "keys") or [{}])[0]
    check(k.get("F10") == [1, 2, 3], f"F10 three times: instructions 1, 2, 3: {k.get('F10')}")
    check(k.get("Shift+F10") == 2, f"Shift+F10: back to instruction 2: {k.get('Shift+F10')}")
    f5 = (values(lines, "F5") or [{}])[0]
    check(f5.get("ran") is True and f5.get("stopped") is True and f5.get("still") is True
          and f5.get("instructions", 0) > 2,
          f"F5 runs the machine on, F5 again stops it: {f5}")


def files_test(profile):
    uploaded = (files / "uploaded.s").read_text()
    dropped = (files / "dropped.s").read_text()
    edited = dropped.replace("dropped on the page", "edited in the browser")
    # Then a second page in the same browser: what the first one kept.
    both = open_page(f"program=hello.s&lang={lang}&autotest=files&then=recent", profile)
    cut = next((i for i, (w, _) in enumerate(both) if w == "next page"), len(both))
    lines, second = both[:cut], both[cut + 1:]
    check(cut < len(both), "the driver finished the first page and opened the second")
    start = (values(lines, "start") or [{}])[0]
    check(start.get("program") == "/glassbox/programs/hello.s" and start.get("lang") == lang,
          f"?program=hello.s opened the sample program in {lang}: {start}")
    check(values(lines, "upload command") == [1], "the upload command asked for a file")
    runs = {r["label"]: r for r in values(lines, "ran")}
    for label, path, text in [("uploaded", "/uploads/uploaded.s", uploaded),
                              ("dropped", "/uploads/dropped.s", dropped),
                              ("edited", "/uploads/dropped.s", edited)]:
        r = runs.get(label, {})
        want = native_output(text, label + ".s")
        check(r.get("program") == path and r.get("errors") == 0 and r.get("console") == want,
              f"{label}: {path} assembled and printed {want!r} as glassbox-cli does: "
              f"{r.get('program')} printed {r.get('console')!r}")
    downloads = values(lines, "download")
    names = [d["name"] for d in downloads]
    check(names == ["dropped.s", "dropped-run.txt", "dropped.session.json", "dropped.s"],
          f"four downloads (program, run, session, saved program): {names}")
    if len(downloads) == 4:
        program, run, session, saved = (d["text"] for d in downloads)
        check(program == dropped, "the downloaded program is the dropped file, byte for byte "
              f"({len(program.encode())} bytes)")
        out = runs.get("dropped", {})
        check("program: /uploads/dropped.s" in run and "dropped on the page" in run
              and f"instructions: {out.get('instructions', '?')}\n" in run,
              f"the downloaded run holds the program, its output and its instruction count "
              f"{out.get('instructions')} ({len(run.encode())} bytes)")
        try:
            s = json.loads(session)
            check(isinstance(s, dict), f"the downloaded session is JSON ({len(session)} bytes)")
        except ValueError as e:
            check(False, f"the downloaded session is JSON: {e}")
        check(saved == edited, "the saved program downloads as the edited text, byte for byte")
    reopened = (values(lines, "session reopened") or [{}])[0]
    check(reopened.get("program") == "/uploads/dropped.s" and reopened.get("saved_at") is not None
          and reopened.get("instructions") == reopened.get("saved_at"),
          f"the session dropped back on the page returned to its moment: {reopened}")
    check(values(lines, "save") == [1], "the edited program was saved")
    storage = (values(lines, "storage") or [[]])[0]
    for f in ["/uploads/uploaded.s", "/uploads/dropped.s"]:
        check(f"glassbox:file:{f}" in storage, f"{f} is kept in the browser's storage")

    lines = second
    check(values(lines, "done") != [], "the second page's driver finished")
    start = (values(lines, "start") or [{}])[0]
    recent = start.get("recent", [])
    check(recent[:2] == ["/uploads/dropped.s", "/uploads/uploaded.s"],
          f"the recent programs came back from the browser's storage: {recent}")
    r = (values(lines, "ran") or [{}])[0]
    want = native_output(edited, "edited-again.s")
    check(r.get("program") == "/uploads/dropped.s" and r.get("console") == want,
          f"the kept upload is the edited one and runs: printed {r.get('console')!r}")


if not (site / "index.html").is_file():
    sys.exit(f"no web build in {site} (./run.sh web build)")
with tempfile.TemporaryDirectory() as tmp:
    work = pathlib.Path(tmp)
    root = work / "site"
    root.mkdir()
    for f in site.iterdir():
        if f.name != "index.html":
            os.symlink(f, root / f.name)
    for f in [src / "tests" / "web" / "driver.js", files / "uploaded.s", files / "dropped.s"]:
        os.symlink(f, root / f.name)
    page = (site / "index.html").read_text()
    check("</body>" in page, "the site's index.html has a body to add the driver to")
    (root / "index.html").write_text(page.replace("</body>", '<script src="driver.js"></script>\n</body>'))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        {"keys": keys_test, "files": files_test}[scenario](work / "profile")
    finally:
        server.shutdown()

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")
