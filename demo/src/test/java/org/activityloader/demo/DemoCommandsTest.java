package org.activityloader.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.activityloader.cli.LoaderCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** With the demo module on the class path, {@code loader} has its commands, with help like every other command's. */
class DemoCommandsTest {
    @Test
    void theDemoModuleAddsDemoBenchAndConsume() {
        assertThat(LoaderCommand.commandLine().getSubcommands()).containsKeys("demo", "bench", "consume", "run");
    }

    @Test
    void eachHasItsHelp() {
        for (String command : new String[] {"demo", "bench", "consume"}) {
            CommandLine cli = LoaderCommand.commandLine();
            StringWriter out = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(command, "--help")).isZero();
            assertThat(out.toString()).startsWith("Usage: loader " + command).contains("-h, --help");
        }
    }

    @Test
    void aWrongShapeIsRefusedBeforeAnythingStarts() {
        CommandLine cli = LoaderCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("bench", "--events-shape", "huge", "--data-dir", "target/never")).isEqualTo(2);
        assertThat(err.toString()).contains("--events-shape must be wide or compact, not huge");
    }
}
