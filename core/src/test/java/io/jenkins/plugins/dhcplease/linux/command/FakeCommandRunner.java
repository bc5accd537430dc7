package io.jenkins.plugins.dhcplease.linux.command;

import io.jenkins.plugins.dhcplease.engine.Deadline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records every command and answers from a script keyed by the command's first words; unknown commands exit 0. */
public final class FakeCommandRunner implements CommandRunner {

    private final List<List<String>> ran = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, CommandResult> answers = new LinkedHashMap<>();

    /** Commands whose line starts with {@code start} end as given. */
    public FakeCommandRunner answer(String start, int exit, String stdout, String stderr) {
        answers.put(start, new CommandResult(List.of(), exit, stdout, stderr, false, null, 1));
        return this;
    }

    public List<List<String>> ran() {
        return List.copyOf(ran);
    }

    @Override
    public CommandResult run(List<String> argv, String stdin, Deadline deadline) {
        ran.add(List.copyOf(argv));
        String line = String.join(" ", argv);
        for (Map.Entry<String, CommandResult> e : answers.entrySet()) {
            if (line.startsWith(e.getKey())) {
                CommandResult a = e.getValue();
                return new CommandResult(argv, a.exitCode(), a.stdout(), a.stderr(), false, null, 1);
            }
        }
        return new CommandResult(argv, 0, "", "", false, null, 1);
    }

    @Override
    public List<String> prefix() {
        return List.of();
    }
}
