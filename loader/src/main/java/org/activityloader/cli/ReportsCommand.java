package org.activityloader.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.activityloader.report.Report;
import org.activityloader.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "reports", description = "List the shipped reports: what each shows, where it runs, its parameters and their defaults.")
final class ReportsCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        List<List<Object>> rows = new ArrayList<>();
        for (String name : Report.names()) {
            Report r = Report.load(name);
            String params = r.params().stream().filter(p -> r.sql().contains(":" + p.name()))
                    .map(p -> p.name().equals("from") || p.name().equals("to") ? "--" + p.name() : p.name() + "=" + p.defaultValue())
                    .collect(Collectors.joining(" "));
            rows.add(List.of(name, r.source().name().toLowerCase(java.util.Locale.ROOT), r.description(), params));
        }
        command.commandLine().getOut().print(new Table(List.of("report", "source", "shows", "parameters"), rows).format());
        return ExitCodes.OK;
    }
}
