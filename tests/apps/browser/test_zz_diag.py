import time
from pagekit import open_page, summary_text, wait_for_chart, wait_for_summary_change

def test_diag(voila_server, page, tmp_path):
    open_page(page, voila_server["base"] + "/voila/render/explorer.ipynb")
    wait_for_chart(page, "kit-chart-speakers"); wait_for_chart(page, "kit-chart-time")
    before = summary_text(page)
    good = '[{"speaker": "Ms. Uploader", "text": "Uploads work. Uploads are read."}]'
    tiny = '[{"speaker": "Ms. Tiny", "text": "Small files count too."}]'
    paths = []
    for name, content in {"mine.json": good, "c0.json": tiny, "c1.json": tiny}.items():
        (tmp_path / name).write_text(content); paths.append(tmp_path / name)
    with page.expect_file_chooser() as chooser:
        page.locator(".kit-upload button").click()
    chooser.value.set_files(paths)
    t0 = time.time()
    print("summary", wait_for_summary_change(page, before, timeout_ms=120_000), time.time() - t0)
    for i in range(12):
        t1 = time.time()
        info = page.evaluate("""() => ['kit-chart-speakers','kit-chart-time','kit-chart-dispersion'].map(c => {
            const el = document.querySelector('.' + c + '.js-plotly-plot');
            if (!el) return c + ': none';
            return c + ': ' + JSON.stringify(el.data.map(t => [t.type, Array.from(t.x||[]).slice(0,5)]))
               + ' xaxis ' + JSON.stringify(el.layout.xaxis) + ' ticks ' + el.querySelectorAll('.xtick').length; })""")
        print(round(time.time() - t0, 1), "eval took", round(time.time() - t1, 1), info)
        page.wait_for_timeout(3000)
    print(page.console_errors)
