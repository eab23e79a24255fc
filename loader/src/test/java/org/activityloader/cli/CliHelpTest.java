package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command and subcommand, found from the command model rather than listed by hand (so a new
 * one cannot be forgotten): {@code -h} and {@code --help} print its usage and exit 0, a wrong
 * option prints one line and the usage hint and exits 2.
 */
class CliHelpTest {
    /** Argument lists naming each command: [], [run], [report], ... */
    private static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(LoaderCommand.commandLine(), new ArrayList<>(), out);
        return out;
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // once per command, not per alias
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    @Test
    void theModelHasEveryCommandTheReadmeNames() {
        assertThat(commands()).extracting(p -> String.join(" ", p))
                .contains("", "run", "verify", "status", "report", "reset-offsets")
                .as("the demo module's commands are not on the loader's class path").doesNotContain("demo", "bench", "consume");
    }

    @TestFactory
    List<DynamicTest> helpOnEveryCommand() {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> path : commands()) {
            String name = String.join(" ", List.of("loader", String.join(" ", path))).strip();
            for (String flag : List.of("-h", "--help")) {
                tests.add(DynamicTest.dynamicTest(name + " " + flag, () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add(flag);
                    LoaderCli.Result r = loader(args.toArray(String[]::new));
                    assertThat(r.exit()).as(r.err()).isZero();
                    assertThat(r.out()).startsWith("Usage: " + name).contains("-h, --help").contains("-V, --version");
                    assertThat(r.err()).isEmpty();
                }));
            }
            tests.add(DynamicTest.dynamicTest(name + " --no-such-option", () -> {
                List<String> args = new ArrayList<>(path);
                CommandLine cmd = LoaderCommand.commandLine();
                for (String p : path) {
                    cmd = cmd.getSubcommands().get(p);
                }
                // required arguments present, so that the unknown option is what is wrong
                cmd.getCommandSpec().positionalParameters().forEach(p -> args.add("some-job"));
                cmd.getCommandSpec().options().stream().filter(o -> o.required()).forEach(o -> args.add(o.longestName() + "=x"));
                args.add("--no-such-option");
                LoaderCli.Result r = loader(args.toArray(String[]::new));
                assertThat(r.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
                assertThat(r.out()).isEmpty();
                assertThat(r.err().lines().toList()).hasSize(2);
                assertThat(r.err().lines().toList().get(0)).startsWith("error: ").contains("--no-such-option");
                assertThat(r.err().lines().toList().get(1)).isEqualTo("Try '" + name + " --help' for usage.");
            }));
        }
        return tests;
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        for (String flag : List.of("-V", "--version")) {
            LoaderCli.Result r = loader(flag);
            assertThat(r.exit()).isZero();
            assertThat(r.out().strip()).matches("activity warehouse loader \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        }
        assertThat(loader("run", "--version").out().strip()).startsWith("activity warehouse loader ");
    }

    @Test
    void aMissingRequiredArgumentIsOneLineAndTheHint() {
        LoaderCli.Result r = loader("report");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err().lines().toList()).hasSize(2).last().isEqualTo("Try 'loader report --help' for usage.");
    }

    @Test
    void noCommandAtAllShowsTheUsage() {
        LoaderCli.Result r = loader();
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err()).contains("Missing required subcommand");
    }
}
