package dev.tailwatch.bench.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A screenshot of the live page as a person sees it, taken with Debian's headless chromium: for the README.
 * Usage: java -cp … dev.tailwatch.bench.ui.UiScreenshot URL OUT.png [SECONDS to let it update first, default 5] [WIDTH HEIGHT]
 */
public final class UiScreenshot {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path out = Path.of(args[1]);
        long waitSeconds = args.length > 2 ? Long.parseLong(args[2]) : 5;
        int width = args.length > 4 ? Integer.parseInt(args[3]) : 1400;
        int height = args.length > 4 ? Integer.parseInt(args[4]) : 1350;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(url);
            Thread.sleep(waitSeconds * 1000);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
            System.out.println("wrote " + out);
        } finally {
            browser.quit();
        }
    }
}
