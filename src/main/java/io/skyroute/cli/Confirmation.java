package io.skyroute.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;

/** The question a destructive command asks before it acts ({@code --yes} answers it in advance). */
final class Confirmation {

    private Confirmation() {
    }

    /** True when {@code yes} was given or the user answers y/yes on standard input. */
    static boolean confirmed(PrintWriter out, boolean yes) throws IOException {
        if (yes) {
            return true;
        }
        out.print("Proceed? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
        return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }
}
