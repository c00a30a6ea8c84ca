"""Synthetic provincial news: a corpus of any size whose people, bodies, merges and campaigns recur.

    .venv/bin/python bench/generate.py OUT --articles 10000 [--format jsonl|txt] [--seed 7]

A small simulated world is drawn first, from fixed pools: provinces, each with its Party
Committee, People's Committee and Council, boards and departments; a roster of people per
province; for every single-holder post a succession of holders over 2019-2025; the 2025
mergers (the Propaganda and Mass Mobilization Boards into a Commission; two departments
into one); campaigns per province. Each article then reports, on its date, what holds
in that world: who chaired a conference, who was appointed, which boards were merged, which
movement was launched. So entities recur across articles and tenures, successions and
mergers are there for the graph to find; chairmen are printed with title chains. Output
is JSONL (one article a line: id, url, title, published, text), or .txt scrapes in the shape
of data/articles, written one article at a time. Deterministic for a seed; nothing is fetched.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PROVINCES = ["Binh Duong", "Ca Mau", "Dong Nai", "Long An", "Tay Ninh", "Ben Tre", "Tra Vinh", "Vinh Long",
             "Dong Thap", "An Giang", "Kien Giang", "Hau Giang", "Soc Trang", "Bac Lieu", "Binh Phuoc", "Lam Dong",
             "Khanh Hoa", "Phu Yen", "Binh Dinh", "Quang Ngai"]
SURNAMES = ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang", "Bui", "Do", "Ho", "Ngo",
            "Duong", "Ly"]
MIDDLE = ["Van", "Thi", "Minh", "Quoc", "Thanh", "Hoang", "Duc", "Ngoc", "Huu", "Kim", "Xuan", "Trung"]
GIVEN = ["An", "Binh", "Cuong", "Dung", "Giang", "Hai", "Hanh", "Hieu", "Hoa", "Hung", "Khanh", "Lan", "Loi", "Long",
         "Mai", "Minh", "Nam", "Nga", "Nhan", "Phong", "Phuc", "Quang", "Son", "Tam", "Thang", "Thanh", "Thao", "Tien",
         "Trung", "Tuan", "Viet", "Vinh"]
DEPARTMENTS = ["Finance", "Health", "Education and Training", "Agriculture and Rural Development", "Home Affairs",
               "Industry and Trade", "Justice", "Natural Resources and Environment"]
MOVEMENTS = ["Skillful Mass Mobilization", "Smart Mass Mobilization", "Digital Transformation", "Green Sunday",
             "Civilized Saturday", "Bright Green Clean Beautiful Roads", "New Rural Development",
             "Joining Hands for the Poor"]
START, END = date(2019, 1, 1), date(2025, 12, 31)


@dataclass
class Post:
    role: str
    body: str                                  # the body's name as printed
    holders: list[tuple[date, str]] = field(default_factory=list)   # (from, person name), in date order
    ends: date | None = None                   # the body merged away on this date

    def holder_on(self, day: date) -> str | None:
        if self.ends and day >= self.ends:
            return None
        current = None
        for start, name in self.holders:
            if start <= day:
                current = name
        return current


@dataclass
class Merge:
    sources: list[str]
    result: str
    day: date


@dataclass
class Province:
    name: str
    posts: list[Post]
    merges: list[Merge]
    movements: list[str]


def _roster(rng: random.Random, size: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < size:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def _succession(rng: random.Random, people: list[str], changes: int) -> list[tuple[date, str]]:
    days = sorted(START + timedelta(days=rng.randrange((END - START).days)) for _ in range(changes))
    chosen = rng.sample(people, changes + 1)
    return [(START, chosen[0])] + [(d, chosen[i + 1]) for i, d in enumerate(days)]


def build_world(rng: random.Random) -> list[Province]:
    """Provinces, their posts and the holders over time, the 2025 mergers and the campaigns."""
    taken: set[str] = set()
    world = []
    for name in PROVINCES:
        people = _roster(rng, 40, taken)
        pc = f"{name} Provincial Party Committee"
        props, mass = f"{name} Provincial Party Propaganda Board", f"{name} Provincial Party Mass Mobilization Board"
        commission = f"{name} Provincial Party Propaganda and Mass Mobilization Commission"
        d1, d2 = rng.sample(DEPARTMENTS, 2)
        dep1, dep2 = f"{name} Department of {d1}", f"{name} Department of {d2}"
        merge_day = date(2025, rng.choice([1, 2, 3]), rng.randint(1, 28))
        dep_day = date(2025, rng.choice([3, 4, 5]), 1)
        posts = [
            Post("Secretary", pc, _succession(rng, people, rng.randint(0, 2))),
            Post("Standing Deputy Secretary", pc, _succession(rng, people, rng.randint(0, 2))),
            Post("Chairman", f"{name} Provincial People's Committee", _succession(rng, people, rng.randint(0, 2))),
            Post("Chairman", f"{name} Provincial People's Council", _succession(rng, people, rng.randint(0, 1))),
            Post("Head", props, _succession(rng, people, rng.randint(0, 1)), ends=merge_day),
            Post("Head", mass, _succession(rng, people, rng.randint(0, 1)), ends=merge_day),
            Post("Head", commission, [(merge_day, rng.choice(people))]),
            Post("Director", dep1, _succession(rng, people, rng.randint(0, 2)), ends=dep_day),
            Post("Director", dep2, _succession(rng, people, rng.randint(0, 2))),
        ]
        merges = [Merge([props, mass], commission, merge_day), Merge([dep1, dep2], dep2, dep_day)]
        world.append(Province(name, posts, merges, rng.sample(MOVEMENTS, 3)))
    return world


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def _spoken(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def _title_chain(p: Province, post: Post) -> str:
    """A post as papers print it: a provincial committee or council chairman is also Deputy Secretary of
    the Party Committee, printed as a title chain ("Deputy Secretary of X and Chairman of Y")."""
    if post.role == "Chairman":
        return f"Deputy Secretary of the {p.name} Provincial Party Committee and Chairman of the {post.body}"
    return f"{post.role} of the {post.body}"


def article(rng: random.Random, world: list[Province], n: int) -> dict[str, str]:
    """One article: a dated report from one province, stating what holds there on that day."""
    p = rng.choice(world)
    day = START + timedelta(days=rng.randrange((END - START).days))
    held = [(post, post.holder_on(day)) for post in p.posts]
    held = [(post, who) for post, who in held if who]
    event_day = day - timedelta(days=1)
    lead, *others = rng.sample(held, min(len(held), rng.randint(2, 4)))
    title = rng.choice([f"{p.name} reviews tasks for {day.year}", f"{lead[0].body} holds conference",
                        f"{p.name} leaders meet voters", f"{p.name} promotes emulation movements"])
    sentences = [f"On {MONTHS[event_day.month - 1]} {event_day.day}, the {lead[0].body} held a conference to review "
                 f"its work in {day.year}. Mr. {lead[1]}, {lead[0].role} of the {lead[0].body}, chaired the "
                 "conference."]
    for post, who in others:
        sentences.append(f"Attending the conference was Mr. {who}, {_title_chain(p, post)}.")
    fresh = [(post, start, who) for post in p.posts for start, who in post.holders
             if start != START and timedelta(0) <= day - start <= timedelta(days=60)]
    for post, start, who in fresh[:1]:
        sentences.append(f"On {_spoken(start)}, Mr. {who} was appointed {post.role} of the {post.body}.")
    for m in p.merges:
        if timedelta(0) <= day - m.day <= timedelta(days=120) and rng.random() < 0.5:
            sources = " and the ".join(m.sources)
            sentences.append(f"The {sources} were merged into the {m.result} on {_spoken(m.day)}.")
    if rng.random() < 0.6:
        movement = rng.choice(p.movements)
        sentences.append(f"The {p.name} Provincial Party Committee launched the emulation movement \"{movement}\" "
                         f"in the province in the period {day.year}-{day.year + 2}.")
    sentences.append(rng.choice(["The conference also set out key tasks for the coming months.",
                                 "Delegates discussed socio-economic development and Party building.",
                                 "The province continued to streamline its apparatus."]))
    slug = p.name.lower().replace(" ", "-")
    return {"id": f"synthetic-{n:06d}", "url": f"https://news.example.invalid/{slug}/{n:06d}.html", "title": title,
            "published": day.isoformat(), "text": "\n\n".join(sentences)}


def _as_scrape(a: dict[str, str]) -> str:
    day = date.fromisoformat(a["published"])
    return (f"{a['title']}\n\nUpdate: {day.day:02d}-{day.month:02d}-{day.year} | 08:00:00\n\n{a['text']}\n\n"
            "Reported by Minh Chau\n")


def generate(out: Path, articles: int, fmt: str = "jsonl", seed: int = 7, per_file: int = 0) -> list[Path]:
    """Write the corpus into `out`, one article at a time (nothing but the world is held); the files written.

    per_file > 0 splits JSONL output into files of that many articles (synthetic-00000.jsonl, ...), as a
    feed is archived by month: a reader that loads a whole JSONL file then holds one file, not the corpus.
    """
    rng = random.Random(seed)
    world = build_world(rng)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        written: list[Path] = []
        fh = None
        try:
            for n in range(articles):
                if fh is None or (per_file and n % per_file == 0):
                    if fh is not None:
                        fh.close()
                    written.append(out / (f"synthetic-{n // per_file:05d}.jsonl" if per_file else "synthetic.jsonl"))
                    fh = written[-1].open("w", encoding="utf-8")
                fh.write(json.dumps(article(rng, world, n), ensure_ascii=False) + "\n")
        finally:
            if fh is not None:
                fh.close()
        return written
    paths = []
    for n in range(articles):
        a = article(rng, world, n)
        path = out / f"{a['id']}.txt"
        path.write_text(_as_scrape(a), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to write into")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-file", type=int, default=0, help="JSONL: articles per file (default: all in one)")
    args = ap.parse_args()
    paths = generate(args.out, args.articles, args.format, args.seed, args.per_file)
    print(f"wrote {args.articles} articles into {len(paths)} file(s) under {args.out}")


if __name__ == "__main__":
    main()
