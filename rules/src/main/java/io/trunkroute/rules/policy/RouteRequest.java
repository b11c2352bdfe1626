package io.trunkroute.rules.policy;

import java.time.DayOfWeek;
import java.time.LocalDateTime;

/**
 * The call being routed, as policy rules see it. Times are the tenant's local time, so a
 * "business hours" rule means the tenant's business hours.
 *
 * @param number the dialled number in E.164 ("+74951234567")
 */
public record RouteRequest(String tenant, String caller, String number, LocalDateTime localTime) {

    public DayOfWeek getDayOfWeek() {
        return localTime.getDayOfWeek();
    }

    public int getHour() {
        return localTime.getHour();
    }

    public boolean isWeekday() {
        return localTime.getDayOfWeek().getValue() <= 5;
    }

    /** Convenience for DRL: {@code RouteRequest(numberStartsWith("+7809"))}. */
    public boolean numberStartsWith(String prefix) {
        return number.startsWith(prefix);
    }

    // Bean-style accessors: DRL patterns constrain properties (tenant == "acme", hour >= 9).
    public String getTenant() {
        return tenant;
    }

    public String getCaller() {
        return caller;
    }

    public String getNumber() {
        return number;
    }

    public LocalDateTime getLocalTime() {
        return localTime;
    }
}
