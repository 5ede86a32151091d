package io.roomgate.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.function.Supplier;

/** Which configuration a suite needs its server to run with; {@link Kind#STANDARD} when absent. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface ServerConfig {

    Kind value();

    enum Kind {
        STANDARD(SuiteConfig::standard),
        ALTERNATE(SuiteConfig::alternate),
        DEV(SuiteConfig::dev),
        LIMITS(SuiteConfig::limits),
        KEY_UNAVAILABLE(SuiteConfig::keyUnavailable);

        private final Supplier<Map<String, String>> config;

        Kind(Supplier<Map<String, String>> config) {
            this.config = config;
        }

        public Map<String, String> config() {
            return config.get();
        }
    }
}
