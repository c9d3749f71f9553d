"""What-the-job-is actions: overview, duties, workplaces, remote, skills, outlook."""

from actions.job import ActionDuties, ActionOutlook, ActionOverview, ActionRemote, ActionSkills, ActionWorkplaces
from tests.conftest import GUIDE_SOURCE


def test_overview(chat):
    texts, _, _ = chat.run(ActionOverview(), "what is a medical billing specialist", "ask_overview")
    assert texts[0].startswith("Medical billing specialists play a key role in the healthcare system")
    assert texts[0].endswith(
        "In short, they make sure healthcare providers get paid for their services." + GUIDE_SOURCE
    )


def test_duties(chat):
    texts, _, _ = chat.run(ActionDuties(), "what do they do", "ask_duties")
    assert texts[0] == (
        "What medical billing specialists do:\n• Review and process patient invoices\n"
        "• Submit insurance claims and handle rejections\n"
        "• Communicate with insurance companies and patients\n"
        "• Maintain accurate financial records\n"
        "• Ensure compliance with HIPAA and coding regulations" + GUIDE_SOURCE
    )


def test_workplaces(chat):
    texts, _, _ = chat.run(ActionWorkplaces(), "where do they work", "ask_workplaces")
    assert "• Insurance Companies – Processing and auditing claims" in texts[0]
    assert texts[0].count("•") == 4


def test_remote(chat):
    texts, _, _ = chat.run(ActionRemote(), "can i work from home", "ask_remote")
    assert texts[0] == (
        "Yes, remote work is common: Many employers allow fully remote or hybrid billing roles. "
        "Hiring needs and remote options vary by employer and region." + GUIDE_SOURCE
    )


def test_skills(chat):
    texts, _, _ = chat.run(ActionSkills(), "what skills do i need", "ask_skills")
    assert "• Attention to detail and accuracy" in texts[0] and texts[0].count("•") == 5
    assert "Tip: If you like structured, independent work" in texts[0]


def test_outlook_names_its_source(chat):
    texts, _, _ = chat.run(ActionOutlook(), "is there demand", "ask_outlook")
    assert texts[0].startswith(
        "Job outlook (2024–2034): 7.1% growth, with about 14,200 openings a year. Employment in 2024: 187,910."
    )
    assert 'Source: the career guide\'s "Future Job Outlook and Salary Range" summary (2024).' in texts[0]


def test_a_topic_asked_of_another_occupation_is_declined(chat):
    texts, messages, _ = chat.run(ActionSkills(), "what skills do i need to be a plumber", "ask_skills")
    assert messages[0]["response"] == "utter_out_of_scope"
    texts, messages, _ = chat.run(ActionSkills(), "i work as a cashier, what skills do billers need", "ask_skills")
    assert texts[0].startswith("Skills for success")
