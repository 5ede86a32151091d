package io.roomgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A fresh copy of the project's sources, where a run command builds and runs as on a user's checkout. */
public final class ProjectCopy {

    private static final List<String> ENTRIES = List.of("pom.xml", "src", "server-config", ".mvn");

    private ProjectCopy() {
    }

    /** Copies the project into {@code target}, replacing whatever an earlier run left there. */
    public static Path make(Path project, Path target) throws IOException {
        Directories.delete(target);
        for (String entry : ENTRIES) {
            Path source = project.resolve(entry);
            if (Files.exists(source)) {
                Directories.copy(source, target.resolve(entry));
            }
        }
        return target;
    }
}
