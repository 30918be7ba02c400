/** Has the browser save `text` as a file called `fileName` (the download of a generated file). */
export function downloadFile({ fileName, text, type }: { fileName: string; text: string; type: string }): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // the download has taken the blob by the next task
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
