package io.roomgate.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.ConfigProvider;

/** Loads {@link Settings} once per deployment and hands the same instance to every bean. */
@ApplicationScoped
public class SettingsProducer {

    private Settings settings;

    @PostConstruct
    void load() {
        settings = SettingsLoader.load(ConfigProvider.getConfig());
    }

    @Produces
    @Dependent
    Settings settings() {
        return settings;
    }
}
