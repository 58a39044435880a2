package org.opencdp.platform.generator;

import java.time.LocalDate;

/**
 * Formats instants the way Chinese clients send them: ISO-8601 with millis and the fixed +08:00 offset
 * (China has no daylight saving). Hand-written because it runs several times per generated line.
 */
final class Timestamps
{
    static final long MILLIS_PER_DAY = 86_400_000L;
    static final long MILLIS_PER_HOUR = 3_600_000L;
    private static final long OFFSET_MILLIS = 8 * MILLIS_PER_HOUR;

    private Timestamps() {}

    /** {@code 2026-03-01T10:15:30.123+08:00} */
    static String format(long epochMillis)
    {
        long local = epochMillis + OFFSET_MILLIS;
        long day = Math.floorDiv(local, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(local, MILLIS_PER_DAY);
        char[] out = new char[29];
        writeDate(out, LocalDate.ofEpochDay(day));
        out[10] = 'T';
        int hour = millisOfDay / 3_600_000;
        int minute = millisOfDay / 60_000 % 60;
        int second = millisOfDay / 1000 % 60;
        int millis = millisOfDay % 1000;
        two(out, 11, hour);
        out[13] = ':';
        two(out, 14, minute);
        out[16] = ':';
        two(out, 17, second);
        out[19] = '.';
        out[20] = (char) ('0' + millis / 100);
        out[21] = (char) ('0' + millis / 10 % 10);
        out[22] = (char) ('0' + millis % 10);
        out[23] = '+';
        out[24] = '0';
        out[25] = '8';
        out[26] = ':';
        out[27] = '0';
        out[28] = '0';
        return new String(out);
    }

    /** Local (China) calendar date of an instant, {@code yyyy-MM-dd}. */
    static String localDate(long epochMillis)
    {
        char[] out = new char[10];
        writeDate(out, localDay(epochMillis));
        return new String(out);
    }

    /** {@code yyyyMMdd} of the local date, for receipt numbers. */
    static String compactLocalDate(long epochMillis)
    {
        char[] out = new char[10];
        writeDate(out, localDay(epochMillis));
        return new String(out, 0, 4) + new String(out, 5, 2) + new String(out, 8, 2);
    }

    static LocalDate localDay(long epochMillis)
    {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis + OFFSET_MILLIS, MILLIS_PER_DAY));
    }

    /** Local hour of day, 0-23. */
    static int localHour(long epochMillis)
    {
        return (int) (Math.floorMod(epochMillis + OFFSET_MILLIS, MILLIS_PER_DAY) / MILLIS_PER_HOUR);
    }

    private static void writeDate(char[] out, LocalDate date)
    {
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year out of range: " + date);
        }
        out[0] = (char) ('0' + year / 1000);
        out[1] = (char) ('0' + year / 100 % 10);
        out[2] = (char) ('0' + year / 10 % 10);
        out[3] = (char) ('0' + year % 10);
        out[4] = '-';
        two(out, 5, date.getMonthValue());
        out[7] = '-';
        two(out, 8, date.getDayOfMonth());
    }

    private static void two(char[] out, int at, int value)
    {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
