"""Three invented news stories on unrelated subjects, for the harness tests."""

PORT_STRIKE = [
    "Dockworkers at the Valmere container port walked off the job on Thursday morning, "
    "halting the loading of eleven ships after talks over an automated crane plan collapsed "
    "late on Wednesday night.",
    "The union said the operator had refused to guarantee jobs for the crane drivers whose "
    "posts the new remote-controlled gantries would replace over the next three years, and "
    "that the walkout would last until the plan was withdrawn.",
    "The port authority called the strike unlawful and said it would ask the regional court "
    "for an injunction, warning that perishable cargo was already piling up on the quays "
    "and that shipping lines had begun diverting vessels to Ostmark.",
    "Local hauliers reported queues of lorries stretching four kilometres along the coastal "
    "road, and the chamber of commerce estimated the cost of each day of stoppage at close "
    "to nine million euros for businesses around the harbour.",
    "Mediators from the labour ministry are expected in Valmere on Friday, when both sides "
    "have agreed to meet again at the town hall for the first time since the dispute began "
    "in the spring.",
]

TELESCOPES = [
    "Northfield's public libraries will lend out telescopes from next month, adding twelve "
    "small reflecting instruments to a catalogue that already includes sewing machines, "
    "fishing rods and a collection of board games.",
    "The scheme was proposed by the town astronomy club, whose members have refitted each "
    "telescope with a simple finder, a sturdy case and a laminated guide to the planets and "
    "brightest star clusters visible from the valley.",
    "Borrowers with an adult library card can keep a telescope for two weeks, and the "
    "librarians say a waiting list opened on Monday filled up within hours, mostly with "
    "families hoping to watch the meteor shower in August.",
    "The club will run free evening sessions on the playing fields behind the central "
    "branch on the first Saturday of every month, weather permitting, to show newcomers how "
    "to align and focus the instruments.",
    "The library board said the telescopes cost less than four thousand pounds in total, "
    "paid for by a grant from the county's science outreach fund and donations collected at "
    "last winter's book sale.",
]

ERUPTION = [
    "A volcano on the remote island of Tavrun erupted before dawn on Sunday, sending a "
    "column of ash nine kilometres into the sky and forcing the evacuation of three fishing "
    "villages on its southern slopes.",
    "Geologists at the national observatory said seismic activity beneath the crater had "
    "been rising for a fortnight, and that lava was now flowing down a ravine towards the "
    "uninhabited western coast of the island.",
    "Airlines cancelled flights between the mainland and the neighbouring archipelago as "
    "the ash cloud drifted east, and aviation authorities said the closure of the airspace "
    "would be reviewed every six hours.",
    "Some two thousand residents were taken by ferry to the port of Selmo, where schools and "
    "a sports hall were turned into shelters, and the coast guard said no one had been "
    "reported missing by Sunday evening.",
    "The last major eruption on Tavrun, in the early nineteen-nineties, buried a road and "
    "several farms under ash, and islanders have since rehearsed evacuations every year "
    "with the help of the civil protection service.",
]

STORIES = {"port": PORT_STRIKE, "telescopes": TELESCOPES, "eruption": ERUPTION}


def text_of(paragraphs: list[str]) -> str:
    """The paragraphs as one article text."""
    return "\n\n".join(paragraphs)


def edited(paragraphs: list[str]) -> list[str]:
    """A lightly edited copy: one sentence reworded, the last paragraph dropped."""
    first = paragraphs[0].replace("on ", "early on ", 1)
    return [first, *paragraphs[1:-1]]
