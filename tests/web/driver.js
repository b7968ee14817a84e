// The browser tests' driver (tests/web/browser_drive_test.sh injects it into
// a copy of the site's index.html; the site itself never loads it). It
// drives the dashboard as a student's browser does — key events, a file
// picked in the upload dialog, a file dropped on the page, downloads — and
// prints what happened as "glassbox-test: WHAT|JSON" lines on the console, where the
// shell script reads and checks them. ?autotest= picks the scenario:
//   keys    F10, Shift+F10 and F5 move the machine; the page keeps the
//           browser's default (F5 reloads!) out of the dashboard's keys
//   files   upload, drag and drop, download the program, the run and the
//           session, open the session again, save an edited program
//   recent  a second page (files&then=recent): the recent programs and the
//           uploaded files came back from the browser's storage, and one of
//           them opens and runs
(function() {
  "use strict";
  var query = new URLSearchParams(window.location.search);
  var scenario = query.get("autotest");
  // ?then=SCENARIO: when this one is done, the same browser opens a second
  // page with that scenario (what a student sees on coming back: the page's
  // storage, not chromium's copy of it on disk, which a test cannot wait for).
  var next = query.get("then");

  function say(what, value) {
    console.log("glassbox-test: " + what + "|" + (value === undefined ? "" : JSON.stringify(value)));
  }
  function state() {
    return JSON.parse(Module.ccall("glassbox_state", "string", [], []));
  }
  // Resolves after the dashboard has drawn `n` more frames.
  function frames(n) {
    var until = state().frames + n;
    return new Promise(function(resolve) {
      (function check() {
        if (state().frames >= until) resolve();
        else requestAnimationFrame(check);
      })();
    });
  }
  // Resolves with the state once `ok(state)` holds, or rejects after `limit` frames.
  function until(what, ok, limit) {
    var left = limit || 300;
    return new Promise(function(resolve, reject) {
      (function check() {
        var s = state();
        if (ok(s)) resolve(s);
        else if (--left <= 0) reject(new Error("gave up waiting for " + what));
        else requestAnimationFrame(check);
      })();
    });
  }

  // --- keys -------------------------------------------------------------------
  var codes = {F5: 116, F6: 117, F9: 120, F10: 121, F11: 122, F12: 123, Shift: 16, Control: 17,
               o: 79, r: 82, c: 67, "=": 187, "-": 189};
  // A key event as the browser sends it (emscripten's GLFW reads keyCode,
  // which a KeyboardEvent made in JavaScript leaves at 0). Returns whether
  // the page let the browser's default action happen.
  function key(type, name, mods) {
    mods = mods || {};
    var e = new KeyboardEvent(type, {key: name, bubbles: true, cancelable: true,
                                     shiftKey: !!mods.shift, ctrlKey: !!mods.ctrl});
    Object.defineProperty(e, "keyCode", {get: function() { return codes[name]; }});
    Object.defineProperty(e, "which", {get: function() { return codes[name]; }});
    return Module.canvas.dispatchEvent(e);
  }
  // Presses `name` (with Shift or Ctrl held) until the dashboard has seen it:
  // Dear ImGui 1.86 reads the keys once per frame, so the key stays down
  // until `seen(state)` or a few frames, then goes up.
  function press(name, mods, seen) {
    mods = mods || {};
    if (mods.shift) key("keydown", "Shift", {shift: true});
    if (mods.ctrl) key("keydown", "Control", {ctrl: true});
    key("keydown", name, mods);
    return until(name + " to be seen", seen, 20).catch(function() { return null; }).then(function() {
      key("keyup", name, mods);
      if (mods.shift) key("keyup", "Shift");
      if (mods.ctrl) key("keyup", "Control");
      return frames(2);
    }).then(state);
  }
  function instructionsNot(n) { return function(s) { return s.instructions !== n; }; }

  // Runs the program to its end with F5 and says what it printed.
  function runToEnd(label) {
    var before = state();
    return press("F5", {}, function(s) { return s.running || s.instructions !== before.instructions; })
      .then(function() { return until(label + " to finish", function(s) { return !s.running; }, 600); })
      .then(function(s) {
        say("ran", {label: label, program: s.program, instructions: s.instructions, console: s.console,
                    errors: s.errors});
        return s;
      });
  }

  function keysScenario() {
    // Whether the browser's own action is kept out: the dashboard's keys
    // yes, others (F12, Ctrl+C: copy) no. Down and up in the same task, so
    // the dashboard (which reads keys per frame) does not act on them.
    var checks = [["F5"], ["F5", {shift: true}], ["F6"], ["F9"], ["F10"], ["F10", {shift: true}],
                  ["F11"], ["o", {ctrl: true}], ["r", {ctrl: true}], ["=", {ctrl: true}],
                  ["-", {ctrl: true}], ["F12"], ["c", {ctrl: true}]];
    var prevented = [], allowed = [];
    checks.forEach(function(c) {
      var name = (c[1] && c[1].shift ? "Shift+" : "") + (c[1] && c[1].ctrl ? "Ctrl+" : "") + c[0];
      (key("keydown", c[0], c[1]) ? allowed : prevented).push(name);
      key("keyup", c[0], c[1]);
    });
    say("browser defaults", {prevented: prevented, allowed: allowed});
    var start = state(), steps = [];
    say("start", {program: start.program, instructions: start.instructions});
    var chain = Promise.resolve(start);
    [1, 2, 3].forEach(function() {
      chain = chain.then(function(s) {
        return press("F10", {}, instructionsNot(s.instructions));
      }).then(function(s) { steps.push(s.instructions); return s; });
    });
    return chain.then(function(s) {
      return press("F10", {shift: true}, instructionsNot(s.instructions));
    }).then(function(s) {
      say("keys", {F10: steps, "Shift+F10": s.instructions});
      // F5 runs; F5 again stops (before the end: a race of many thousand instructions).
      return press("F5", {}, function(x) { return x.running; });
    }).then(function(s) {
      var running = s.running, from = s.instructions;
      return until("the run to move on", function(x) { return x.instructions >= from + 3; }, 600)
        .catch(function() { return null; }).then(function() {
        return press("F5", {}, function(x) { return !x.running; });
      }).then(function(x) {
        return frames(3).then(function() {
          var y = state();
          say("F5", {ran: running, stopped: !x.running, instructions: x.instructions,
                     still: y.instructions === x.instructions});
        });
      });
    });
  }

  // --- files ------------------------------------------------------------------
  // Downloads, as the page makes them: a link to a Blob, clicked. The test
  // takes the link's file name and bytes instead of the browser's Downloads folder.
  var downloads = [];
  HTMLAnchorElement.prototype.click = function() {
    var name = this.download;
    downloads.push(fetch(this.href).then(function(r) { return r.text(); }).then(function(text) {
      say("download", {name: name, text: text});
      return {name: name, text: text};
    }));
  };
  function nextDownload(i) {
    return until("download " + i, function() { return downloads.length > i; }, 50).then(function() {
      return downloads[i];
    });
  }
  // The upload dialog, answered with `file` as if the student picked it.
  var picked = null;
  var realClick = HTMLInputElement.prototype.click;
  HTMLInputElement.prototype.click = function() {
    if (this.type !== "file" || !picked) return realClick.call(this);
    var files = new DataTransfer();
    files.items.add(picked);
    this.files = files.files;
    this.dispatchEvent(new Event("change"));
  };
  function fetchFile(name) {
    return fetch(name).then(function(r) { return r.text(); }).then(function(text) {
      return new File([text], name, {type: "text/plain"});
    });
  }
  // A file dropped on the page, as the browser hands over a drag from the desktop.
  function drop(file) {
    var files = new DataTransfer();
    files.items.add(file);
    Module.canvas.dispatchEvent(new DragEvent("dragover", {dataTransfer: files, bubbles: true,
                                                           cancelable: true}));
    Module.canvas.dispatchEvent(new DragEvent("drop", {dataTransfer: files, bubbles: true,
                                                       cancelable: true}));
  }
  function opened(path) {
    return until(path + " to open", function(s) { return s.program === path; });
  }

  function filesScenario() {
    var s0 = state(), sessionAt = null, sessionText = null;
    say("start", {program: s0.program, lang: s0.lang});
    return fetchFile("uploaded.s").then(function(f) {
      picked = f;
      say("upload command", Module.ccall("glassbox_file_command", "number", ["string"], ["upload"]));
      return opened("/uploads/uploaded.s");
    }).then(function() { return runToEnd("uploaded"); })
      .then(function() { return fetchFile("dropped.s"); })
      .then(function(f) {
        drop(f);
        return opened("/uploads/dropped.s");
      }).then(function() { return runToEnd("dropped"); })
      .then(function() {
        Module.ccall("glassbox_file_command", "number", ["string"], ["download-program"]);
        return nextDownload(0);
      }).then(function() {
        Module.ccall("glassbox_file_command", "number", ["string"], ["download-run"]);
        return nextDownload(1);
      }).then(function() {
        // The session a few instructions back from the end (Shift+F10 twice).
        return press("F10", {shift: true}, instructionsNot(state().instructions));
      }).then(function(s) {
        return press("F10", {shift: true}, instructionsNot(s.instructions));
      }).then(function(s) {
        sessionAt = s.instructions;
        Module.ccall("glassbox_file_command", "number", ["string"], ["download-session"]);
        return nextDownload(2);
      }).then(function(d) {
        sessionText = d.text;
        // Somewhere else first, then the session file dropped back on the page.
        return fetchFile("uploaded.s");
      }).then(function(f) {
        drop(f);
        return opened("/uploads/uploaded.s");
      }).then(function() {
        drop(new File([sessionText], "dropped.session.json", {type: "application/json"}));
        return until("the session to open", function(s) {
          return s.program === "/uploads/dropped.s" && s.instructions === sessionAt;
        }).catch(function() { return state(); });
      }).then(function(s) {
        say("session reopened", {program: s.program, instructions: s.instructions, saved_at: sessionAt});
        // The editor's Save: the edited text replaces the program, is kept and downloaded.
        return fetchFile("dropped.s");
      }).then(function(f) { return f.text(); })
      .then(function(text) {
        var edited = text.split("dropped on the page").join("edited in the browser");
        say("save", Module.ccall("glassbox_save_program", "number", ["string"], [edited]));
        return nextDownload(3);
      }).then(function() {
        return until("the edited program to open", function(s) {
          return s.program === "/uploads/dropped.s" && s.instructions === 0;
        });
      }).then(function() { return runToEnd("edited"); })
      .then(function() {
        // The settings (with the recent programs) reach the browser's storage
        // on the page's own timer, every two seconds.
        return until("the recent programs to be kept", function() {
          for (var i = 0; i < localStorage.length; ++i) {
            var k = localStorage.key(i);
            if (!/settings\.json$/.test(k)) continue;
            var kept = JSON.parse(localStorage.getItem(k));
            if (kept.recent[0] === "/uploads/dropped.s" && kept.last_program === "/uploads/dropped.s")
              return true;
          }
          return false;
        }, 600);
      }).then(function() {
        var kept = [];
        for (var i = 0; i < localStorage.length; ++i) kept.push(localStorage.key(i));
        say("storage", kept.sort());
      });
  }

  function recentScenario() {
    var s = state();
    say("start", {program: s.program, recent: s.recent});
    Module.ccall("glassbox_open_uploaded", null, ["string"], ["/uploads/dropped.s"]);
    return opened("/uploads/dropped.s").then(function() { return runToEnd("recent"); });
  }

  var scenarios = {keys: keysScenario, files: filesScenario, recent: recentScenario};
  if (!scenarios[scenario]) return;
  // Starts once the dashboard has drawn a few frames with its program.
  (function waitForDashboard() {
    var ready = false;
    try { ready = state().frames >= 3; } catch (e) {} // (not before the runtime is up)
    if (!ready) { setTimeout(waitForDashboard, 50); return; }
    scenarios[scenario]().then(function() {
      if (!next) { say("done"); return; }
      say("next page", next);
      Module.pauseMainLoop();
      window.location.href = "index.html?autotest=" + encodeURIComponent(next);
    }, function(e) { say("failed", String(e)); })
      .then(function() { if (!next) Module.pauseMainLoop(); });
  })();
})();
