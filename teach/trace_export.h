// A run taken out of the app: its events as a trace that standard trace
// viewers open (the Chrome trace-event JSON format: chrome://tracing,
// Perfetto), one track per core and one per thread, and as CSV for a
// spreadsheet. Built from the event log, like the timeline.
#pragma once

#include "sim/kernel/machine.h"

#include <string>

namespace gb {

// The trace-event JSON: {"traceEvents": [...], "displayTimeUnit": "ns"},
// one cycle per microsecond of the viewer's time. Process 0 ("cores") has a
// track per core whose slices are the threads that ran there, and an
// instant event ("switch") per context switch; every simulated process has
// a track per thread whose slices are running, ready and blocked.
std::string chrome_trace_json(const Machine& m);

// The event log as CSV: a header, then one line per event
// (cycle,kind,core,pid,tid,other,reason,text), text quoted.
std::string events_csv(const Machine& m);

} // namespace gb
