package io.roomgate.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in the Prometheus text exposition format (0.0.4), read as a scraper reads it: every
 * line is a comment ({@code # HELP}, {@code # TYPE}) or a sample, and a line that is neither fails.
 */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (-?[0-9.eE+-]+|NaN|[+-]Inf)(?: -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

    /** One sample: its metric name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    public static PrometheusText parse(String text) {
        var samples = new ArrayList<Sample>();
        var types = new LinkedHashMap<String, String>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus text line: " + line);
            }
            samples.add(new Sample(sample.group(1), labels(sample.group(2), line), Double.parseDouble(
                    sample.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"))));
        }
        return new PrometheusText(List.copyOf(samples), Map.copyOf(types));
    }

    private static Map<String, String> labels(String text, String line) {
        var labels = new LinkedHashMap<String, String>();
        if (text == null) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int end = 0;
        while (label.lookingAt()) {
            labels.put(label.group(1), label.group(2));
            end = label.end();
            label.region(end, text.length());
        }
        if (end != text.length()) {
            throw new AssertionError("malformed labels: " + line);
        }
        return labels;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The declared type of a metric family ({@code # TYPE}), or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}; 0 when there are none. */
    public double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    public double value(String name) {
        return value(name, Map.of());
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }
}
