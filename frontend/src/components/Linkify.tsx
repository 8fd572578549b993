import { Link } from "react-router";

const PATH = /(\/(?:login|logout|api|admin)\/[^\s,;)]*|https?:\/\/[^\s,;)]+)/g;

/** A server message whose paths (/login/govbr/nivel/?para=servidor) become links. */
export function Linkify({ text }: { text: string }) {
  const parts = text.split(PATH);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        const href = part.replace(/[.]$/, "");
        const tail = part.slice(href.length);
        // Server-side pages (gov.br login) are full page loads, not SPA routes.
        const external = /^https?:/.test(href) || /^\/(login|logout|api|admin)\//.test(href);
        return (
          <span key={i}>
            {external ? <a href={href}>{href}</a> : <Link to={href}>{href}</Link>}
            {tail}
          </span>
        );
      })}
    </>
  );
}
