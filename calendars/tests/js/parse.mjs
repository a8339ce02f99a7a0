// Reads an iCalendar document on stdin and prints what ical.js sees in it as JSON:
// calendar properties and, per VEVENT, the local start/end in the event's zone and in UTC.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
const root = new ICAL.Component(ICAL.parse(text));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const utc = (time) => time.convertToZone(ICAL.Timezone.utcTimezone).toString();
const events = root.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    sequence: event.sequence,
    tzid: event.startDate.zone.tzid,
    start: event.startDate.toString(),
    end: event.endDate.toString(),
    start_utc: utc(event.startDate),
    end_utc: utc(event.endDate),
  };
});
const prop = (name) => root.getFirstPropertyValue(name);
process.stdout.write(JSON.stringify({
  name: prop("name"),
  x_wr_calname: prop("x-wr-calname"),
  refresh: prop("refresh-interval") && prop("refresh-interval").toString(),
  events,
}));
